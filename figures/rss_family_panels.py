"""The layout the random-subset-sum family's figures (41–44) share: two panels side by side, one colour per group of
rows (a subset size k, a dimension d), each panel labelled with a small title and legend, the figure's title above.
"""

from __future__ import annotations

FIGSIZE = (11.5, 4.6)  # inches: the two panels of every figure of the family


def two_panels():
    """(figure, (left, right)): the family's two panels side by side."""
    import matplotlib.pyplot as plt

    return plt.subplots(1, 2, figsize=FIGSIZE)


def groups(rows: list[dict], key: str) -> list[tuple]:
    """[(value, colour, the rows with that value)] for every value of ``rows[...][key]``, ascending, one colour of
    the colorblind palette each."""
    import seaborn as sns

    values = sorted({row[key] for row in rows})
    colors = dict(zip(values, sns.color_palette("colorblind", len(values))))
    return [(value, colors[value], [row for row in rows if row[key] == value]) for value in values]


def label(ax, xlabel: str, ylabel: str, title: str, **legend) -> None:
    """A panel's axis labels, its small title and its extra-small legend (``legend``: more arguments of it)."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize="small")
    ax.legend(fontsize="x-small", **legend)


def finish(figure, title: str):
    """The figure with its title above the panels, laid out tight."""
    figure.suptitle(title, fontsize="medium")
    figure.tight_layout()
    return figure
