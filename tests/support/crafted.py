"""Crafted files and stores for the hardening tests: valid ones made by the toolkit itself, and damaged, forged,
oversized or malformed variants of each (the inputs a hostile user or a damaged disk produces).

:func:`make_inputs` writes read-only inputs (arrays, ticket, network and MNIST files) into a directory and returns
{name: path}; :func:`make_stores` writes an rss results store, its tampered copies, and figures caches, returning
{name: directory} (tests copy them before use, since a run may repair a store).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
from mnist_files import mini_mnist, write_idx_directory

#: The rss run every crafted store belongs to (and the command line that reruns it).
RSS_STORE_RUN = {"eps": [0.1], "trials": 32, "n_max": 8, "seed": 0, "chunk_size": 8}
RSS_STORE_ARGV = ["rss", "--eps", "0.1", "--trials", "32", "--n-max", "8", "--chunk-size", "8", "--threads", "1",
                  "--json"]


def npz_member_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def write_npz(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_STORED) -> Path:
    """An .npz written member by member (raw .npy bytes), so that headers and sizes can lie."""
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(f"{name}.npy", data)
    return path


def _lying_header(shape, dtype="<f8") -> bytes:
    """A .npy header declaring ``shape`` with only 64 bytes of data behind it."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": dtype, "fortran_order": False, "shape": tuple(shape)})
    return buffer.getvalue() + b"\0" * 64


def _flip(data: bytes, start: int, count: int = 32) -> bytes:
    damaged = bytearray(data)
    for i in range(start, min(start + count, len(damaged))):
        damaged[i] ^= 0x5A
    return bytes(damaged)


def make_inputs(directory: Path) -> dict[str, Path]:
    """Read-only input files: valid and hostile arrays, tickets, networks and MNIST directories."""
    from verify.nets.network import Network
    from verify.tickets.construction import build_ticket, random_target

    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> Path:
        (d / name).write_bytes(data)
        files[name] = d / name
        return d / name

    rng = np.random.default_rng(0)
    np.save(d / "samples.npy", rng.uniform(-1, 1, (4, 6)))
    np.save(d / "samples_nan.npy", np.array([[0.1, np.nan, 0.2]]))
    np.save(d / "samples_inf.npy", np.array([[0.1, np.inf, 0.2]]))
    np.save(d / "samples_huge.npy", np.array([[1e308, -1e308, 1e308]]))
    np.save(d / "samples_int.npy", np.ones((2, 3), dtype=np.int64))
    np.save(d / "samples_1d.npy", np.zeros(5))
    np.save(d / "samples_objects.npy", np.array([[0.1, None]], dtype=object), allow_pickle=True)
    files.update({p.name: p for p in d.glob("samples*.npy")})
    put("samples_bigheader.npy", _lying_header((10**9, 1000)))
    put("samples_truncated.npy", (d / "samples.npy").read_bytes()[:-40])
    put("text.txt", b"hello world\n")
    put("empty.bin", b"")
    put("pickle.npz", b"\x80\x04\x95" + b"\0" * 32)
    (d / "adir").mkdir(exist_ok=True)
    files["adir"] = d / "adir"

    ticket = build_ticket(random_target([2, 3, 2], seed=0), eps=0.2, delta=0.2, c=1, seed=0, samples=8, restarts=1)
    ticket.save(d / "ticket.npz")
    files["ticket.npz"] = d / "ticket.npz"
    with np.load(d / "ticket.npz") as data:
        arrays = {k: data[k] for k in data.files}
    raw = (d / "ticket.npz").read_bytes()
    put("ticket_corrupt.npz", _flip(raw, len(raw) // 3, 64))
    put("ticket_truncated.npz", raw[: len(raw) // 2])
    forged = dict(arrays, empirical_samples=np.array(10**12, dtype=np.int64))
    np.savez(d / "ticket_samples_1e12.npz", **forged)
    forged = dict(arrays, empirical_restarts=np.array(10**11, dtype=np.int64))
    np.savez(d / "ticket_restarts_1e11.npz", **forged)
    forged = dict(arrays, target_W1=np.full_like(arrays["target_W1"], np.nan))
    np.savez(d / "ticket_nan.npz", **forged)
    members = {k: npz_member_bytes(v) for k, v in arrays.items()}
    members["random_M1"] = _lying_header((2**31, 2))  # declares 32 GiB behind a 64-byte body
    write_npz(d / "ticket_lying_header.npz", members)
    header = members["mask_M1"][:10] + b"{'descr': '<f8', 'fortran_order': False, 'shape': (3, "  # no end
    members = {k: npz_member_bytes(v) for k, v in arrays.items()}
    members["mask_M1"] = header
    write_npz(d / "ticket_bad_header.npz", members)
    files.update({p.name: p for p in d.glob("ticket_*.npz")})
    # a compressed bomb: 64 MiB of zeros in about 64 KiB
    with zipfile.ZipFile(d / "bomb.npz", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("target_W1.npy", "w", force_zip64=True) as member:
            np.lib.format.write_array_header_1_0(member, {"descr": "<f8", "fortran_order": False,
                                                         "shape": (2048, 4096)})
            chunk = b"\0" * (1 << 20)
            for _ in range(64):
                member.write(chunk)
    files["bomb.npz"] = d / "bomb.npz"
    np.savez(d / "target.npz", target_W1=arrays["target_W1"], target_W2=arrays["target_W2"])
    np.savez(d / "target_gap.npz", target_W1=arrays["target_W1"], target_W3=arrays["target_W2"])
    np.savez(d / "target_norm.npz", target_W1=arrays["target_W1"] * 1e300)
    files.update({p.name: p for p in d.glob("target*.npz")})

    net = Network.init([64, 8, 10], init="glorot_normal", bias=False, seed=0)
    net.save(d / "network.npz")
    with np.load(d / "network.npz") as data:
        arrays = {k: data[k] for k in data.files}
    np.savez(d / "network_nan.npz", **dict(arrays, weight_1=np.full_like(arrays["weight_1"], np.nan)))
    np.savez(d / "network_wide.npz", **dict(arrays, widths=np.array([64, 10**12, 10], dtype=np.int64)))
    files.update({p.name: p for p in d.glob("network*.npz")})

    images = mini_mnist(np.random.default_rng(0))
    files["mnist_dir"] = write_idx_directory(_mkdir(d / "mnist_dir"), images)
    files["mnist_gz"] = write_idx_directory(_mkdir(d / "mnist_gz"), images, gz=True)
    corrupt = _mkdir(d / "mnist_gz_corrupt")
    write_idx_directory(corrupt, images, gz=True)
    stem = corrupt / "train-images-idx3-ubyte.gz"
    stem.write_bytes(_flip(stem.read_bytes(), 200, 64))
    files["mnist_gz_corrupt"] = corrupt
    liar = _mkdir(d / "mnist_gz_bomb")  # a gzip whose IDX header declares 2^32 × 28 × 28 images
    write_idx_directory(liar, images, gz=True)
    import gzip

    with gzip.open(liar / "train-images-idx3-ubyte.gz", "wb") as stream:
        stream.write(bytes([0, 0, 8, 3]) + (2**32 - 1).to_bytes(4, "big") + (28).to_bytes(4, "big") * 2)
        stream.write(b"\0" * 4096)
    files["mnist_gz_bomb"] = liar
    x_train, y_train, x_test, y_test = images
    x_nan = x_train.astype(np.float64)
    x_nan[0, 0, 0] = np.nan
    np.savez(d / "mnist_nan.npz", x_train=x_nan, y_train=y_train, x_test=x_test, y_test=y_test)
    np.savez(d / "mnist.npz", x_train=x_train.astype(np.uint8), y_train=y_train.astype(np.uint8),
             x_test=x_test.astype(np.uint8), y_test=y_test.astype(np.uint8))
    files["mnist_nan.npz"], files["mnist.npz"] = d / "mnist_nan.npz", d / "mnist.npz"
    return files


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _chunk_arrays(path: Path) -> tuple[dict, dict]:
    with np.load(path) as data:
        header = json.loads(str(data["__header__"][()]))
        arrays = {k: data[k] for k in data.files if k != "__header__"}
    return header, arrays


def _write_chunk(path: Path, header, arrays: dict, redigest: bool = True) -> None:
    """A chunk file with this header (its array entries recomputed to match, as a forger would, if ``redigest``)."""
    from verify.store import canonical_json

    def digest(a):  # the store's documented checksum: sha256 of dtype, shape and bytes
        return hashlib.sha256(f"{a.dtype.str}{a.shape}".encode() + np.ascontiguousarray(a).tobytes()).hexdigest()

    if isinstance(header, dict) and redigest:
        header = dict(header, arrays={name: {"digest": digest(a), "shape": list(a.shape),
                                             "dtype": a.dtype.str} for name, a in arrays.items()})
    np.savez(path, __header__=np.array(canonical_json(header)), **arrays)


def make_stores(directory: Path) -> dict[str, Path]:
    """An rss store of :data:`RSS_STORE_RUN` (4 chunks of 8 trials) and tampered copies of it."""
    from verify.subsetsum.montecarlo import coverage

    d = Path(directory)
    good = d / "store_good"
    run = dict(RSS_STORE_RUN)
    coverage("uniform", run.pop("eps"), out=good, threads=1, **run)
    stores = {"store_good": good}

    def variant(name: str, change) -> None:
        target = d / name
        shutil.copytree(good, target)
        change(target)
        stores[name] = target

    manifest = "manifest.json"
    variant("store_manifest_list", lambda t: (t / manifest).write_text("[]"))
    variant("store_manifest_string", lambda t: (t / manifest).write_text('"x"'))
    variant("store_manifest_types", lambda t: (t / manifest).write_text('{"digest": 5, "identity": []}'))
    variant("store_manifest_nan", lambda t: (t / manifest).write_text('{"digest": NaN, "identity": {}}'))
    variant("store_manifest_edited", lambda t: (t / manifest).write_text(
        (t / manifest).read_text().replace('"trials": 32', '"trials": 33')))
    variant("store_manifest_binary", lambda t: (t / manifest).write_bytes(b"\xff\xfe\x00"))
    for label, header in (("list", [1, 2]), ("null", None), ("number", 5)):
        variant(f"store_header_{label}", lambda t, h=header: _write_chunk(
            t / "chunk-000001.npz", h, _chunk_arrays(t / "chunk-000001.npz")[1]))

    def forge(t: Path, edit, redigest: bool = True) -> None:
        header, arrays = _chunk_arrays(t / "chunk-000001.npz")
        _write_chunk(t / "chunk-000001.npz", header, edit(arrays), redigest)

    variant("store_forged_rows", lambda t: forge(t, lambda a: {k: v[:6] for k, v in a.items()}))
    variant("store_missing_array", lambda t: forge(t, lambda a: {"worst_error": a["worst_error"]}))
    variant("store_wrong_dtype", lambda t: forge(t, lambda a: dict(a, worst_error=a["worst_error"].astype("<f4"))))
    variant("store_edited_number", lambda t: forge(t, lambda a: dict(a, worst_error=a["worst_error"] * 0.5), False))

    def swap(t: Path) -> None:
        first, second = t / "chunk-000001.npz", t / "chunk-000002.npz"
        first.rename(t / "swap")
        second.rename(first)
        (t / "swap").rename(second)

    variant("store_swapped", swap)
    variant("store_only_manifest", lambda t: [p.unlink() for p in t.glob("chunk-*.npz")])
    variant("store_corrupt_chunk", lambda t: (t / "chunk-000002.npz").write_bytes(
        _flip((t / "chunk-000002.npz").read_bytes(), 300, 64)))
    return stores
