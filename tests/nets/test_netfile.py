"""Save → load is the identity, bit for bit; every kind of wrong file fails with one clear InvalidInput."""

import json
import zipfile

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from verify.errors import InvalidInput
from verify.nets import masks as M
from verify.nets.netfile import SCHEMA, network_arrays, read_metadata
from verify.nets.network import Network


@given(st.lists(st.integers(1, 6), min_size=2, max_size=4), st.booleans(),
       st.sampled_from(["none", "weights", "weights+biases"]), st.integers(0, 2**32 - 1))
def test_round_trip_is_bitwise(tmp_path_factory, widths, bias, mask_kind, seed):
    net = Network.init(widths, bias=bias, bias_init="product" if bias else "zeros", seed=seed)
    if mask_kind != "none":
        masks = M.random_masks(net, 0.5, seed=seed, biases=bias and mask_kind == "weights+biases")
        net = net.with_masks(masks, zero_pruned=False)
    path = tmp_path_factory.mktemp("io") / "net.npz"
    net.save(path, metadata={"seed": seed, "note": "x"})
    back = Network.load(path)
    assert back.params.equal(net.params)
    assert (back.masks is None) == (net.masks is None)
    if net.masks is not None:
        assert back.masks.equal(net.masks)
    assert read_metadata(path) == {"seed": seed, "note": "x"}
    x = np.random.default_rng(seed).normal(size=(3, widths[0]))
    assert np.array_equal(back.forward(x), net.forward(x))


@pytest.fixture
def saved(tmp_path):
    net = Network.init([3, 4, 2], bias=True, seed=0).with_masks(M.random_masks(Network.init([3, 4, 2]), 0.5))
    path = tmp_path / "net.npz"
    net.save(path)
    return net, path


def rewrite(path, **changes):
    """Write the schema's arrays with some replaced (value None removes a key)."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    for key, value in changes.items():
        if value is None:
            arrays.pop(key)
        else:
            arrays[key] = value
    np.savez(path, **arrays)


@pytest.mark.parametrize("change, message", [
    ({"schema": np.array("something/else")}, "schema 'something/else'"),
    ({"schema": None}, "no 'schema'"),
    ({"schema_version": np.array(2)}, "newer"),
    ({"weight_2": None}, "missing array 'weight_2'"),
    ({"weight_1": np.zeros((3, 4))}, "shape"),
    ({"weight_mask_1": np.zeros((4, 3))}, "dtype"),
    ({"bias_1": np.array([1.0, np.nan, 0, 0])}, "non-finite"),
    ({"extra": np.zeros(2)}, "unexpected arrays"),
    ({"metadata": np.array("{not json")}, "JSON"),
    ({"mask_kind": np.array("everything")}, "mask_kind"),
    ({"widths": np.array([3, 0, 2])}, "widths"),
])
def test_wrong_schema_is_refused(saved, change, message):
    _, path = saved
    rewrite(path, **change)
    with pytest.raises(InvalidInput, match=message) as error:
        Network.load(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)


def test_truncated_and_damaged_files(saved, tmp_path):
    _, path = saved
    raw = path.read_bytes()
    for cut in (10, len(raw) // 2, len(raw) - 30):
        bad = tmp_path / f"cut{cut}.npz"
        bad.write_bytes(raw[:cut])
        with pytest.raises(InvalidInput, match=f"network file '{bad}' is damaged or not an .npz archive"):
            Network.load(bad)
    # flip bytes inside the first array's data: the zip CRC check catches it
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("weight_1.npy")
    damaged = bytearray(raw)
    start = info.header_offset + 30 + len(info.filename) + 140
    damaged[start:start + 8] = b"\xff" * 8
    bad = tmp_path / "damaged.npz"
    bad.write_bytes(bytes(damaged))
    with pytest.raises(InvalidInput, match="member 'weight_1'.*CRC"):
        Network.load(bad)


def test_other_files_are_refused(tmp_path):
    text = tmp_path / "notes.npz"
    text.write_text("hello")
    with pytest.raises(InvalidInput, match="is not an .npz archive"):
        Network.load(text)
    single = tmp_path / "array.npy"
    np.save(single, np.zeros(3))
    with pytest.raises(InvalidInput, match="single .npy"):
        Network.load(single)
    pickled = tmp_path / "objects.npz"
    np.savez(pickled, schema=np.array([{"a": 1}], dtype=object))
    with pytest.raises(InvalidInput, match="pickle"):
        Network.load(pickled)
    with pytest.raises(InvalidInput, match="does not exist"):
        Network.load(tmp_path / "missing.npz")


def test_schema_document_matches_what_is_written():
    net = Network.init([2, 3, 1], seed=0)
    arrays = network_arrays(net, {"a": 1})
    assert str(arrays["schema"]) == SCHEMA and int(arrays["schema_version"]) == 1
    assert sorted(arrays) == sorted(["schema", "schema_version", "widths", "has_biases", "mask_kind", "metadata",
                                     "weight_1", "weight_2", "bias_1", "bias_2"])
    assert json.loads(str(arrays["metadata"])) == {"a": 1}
    with pytest.raises(InvalidInput, match="JSON"):
        net.save("unused.npz", metadata={"a": object()})
