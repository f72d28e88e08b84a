"""Synthetic MNIST-format files for the tests (real MNIST cannot be downloaded here): IDX writing and two image
generators — pure noise (for the readers) and a learnable pattern (for the pipelines)."""

import gzip

import numpy as np

IDX_NAMES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def write_idx(path, array, gz=False):
    """An unsigned-byte IDX file (magic bytes 00 00 08 ndim, big-endian sizes, then the bytes), written by hand."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    payload = header + array.astype(np.uint8).tobytes()
    if gz:
        with gzip.open(path, "wb") as stream:
            stream.write(payload)
    else:
        path.write_bytes(payload)


def write_idx_directory(directory, arrays, gz=False):
    """The four files of LeCun's layout for (x_train, y_train, x_test, y_test)."""
    suffix = ".gz" if gz else ""
    for name, array in zip(IDX_NAMES, arrays):
        write_idx(directory / f"{name}{suffix}", array, gz)
    return directory


def mini_mnist(rng, n_train=5010, n_test=7):
    """Noise images and random labels."""
    return (rng.integers(0, 256, (n_train, 28, 28)), rng.integers(0, 10, n_train),
            rng.integers(0, 256, (n_test, 28, 28)), rng.integers(0, 10, n_test))


def striped_mnist(rng, n_train=5600, n_test=300):
    """Learnable images: label k lights rows 2k+4 and 2k+5 (value 255) over noise in 0..99, so a network that reads
    the pixels in the right order and the labels that belong to them classifies them almost perfectly."""

    def draw(n):
        labels = rng.integers(0, 10, n)
        images = rng.integers(0, 100, (n, 28, 28))
        for k in range(10):
            images[labels == k, 2 * k + 4: 2 * k + 6, :] = 255
        return images.astype(np.uint8), labels.astype(np.uint8)

    (x_train, y_train), (x_test, y_test) = draw(n_train), draw(n_test)
    return x_train, y_train, x_test, y_test
