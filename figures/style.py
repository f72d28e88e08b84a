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


def save(figure, stem: Path) -> list[Path]:
    """Write ``stem.png`` and ``stem.pdf`` atomically; returns the paths."""
    from verify.store import atomic_write_bytes

    paths = []
    for fmt, metadata in (("png", PNG_METADATA), ("pdf", PDF_METADATA)):
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata=metadata)
        path = stem.with_suffix(f".{fmt}")
        atomic_write_bytes(path, buffer.getvalue())
        paths.append(path)
    plt.close(figure)
    return paths
