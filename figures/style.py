"""Deterministic drawing: Agg backend, pinned hash salt, no dates or versions in file metadata, one seaborn theme."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

PNG_METADATA = {"Software": None}
PDF_METADATA = {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None}


def apply_theme() -> None:
    sns.set_theme(context="paper", style="whitegrid", palette="colorblind", font_scale=1.1)
    matplotlib.rcParams.update({
        "svg.hashsalt": "slth-verify",
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "pdf.fonttype": 42,
        "axes.titlesize": "medium",
    })


def save_written(figure, stem: Path) -> list[tuple[Path, bytes]]:
    """Write ``stem.png`` and ``stem.pdf`` atomically; returns each path with the bytes written to it."""
    from verify.store import atomic_write_bytes

    written = []
    for fmt, metadata in (("png", PNG_METADATA), ("pdf", PDF_METADATA)):
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata=metadata)
        path = stem.with_suffix(f".{fmt}")
        atomic_write_bytes(path, buffer.getvalue())
        written.append((path, buffer.getvalue()))
    plt.close(figure)
    return written


def save(figure, stem: Path) -> list[Path]:
    """Write ``stem.png`` and ``stem.pdf`` atomically; returns the paths."""
    return [path for path, _ in save_written(figure, stem)]
