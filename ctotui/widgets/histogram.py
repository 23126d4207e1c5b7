"""Histogram and cumulative curve drawn with block characters, for simulated effort.

Pure text: the caller puts the lines in a Static. Each column is one or more
bins merged to fit the width; heights use eighth blocks for a smooth top.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

BLOCKS = " ▁▂▃▄▅▆▇█"


def _resample(values: Sequence[float], width: int) -> list[float]:
    """`values` merged (summed) into at most `width` columns."""
    if len(values) <= width:
        return list(values)
    columns = [0.0] * width
    for index, value in enumerate(values):
        columns[index * width // len(values)] += value
    return columns


def bars(values: Sequence[float], width: int, height: int) -> list[str]:
    """Rows top to bottom of a bar chart of `values` scaled to its maximum."""
    columns = _resample(values, max(width, 1))
    top = max(columns, default=0.0)
    if top <= 0:
        return [" " * len(columns)] * height
    eighths = [round(v / top * height * 8) for v in columns]
    rows: list[str] = []
    for level in range(height - 1, -1, -1):
        row = ""
        for e in eighths:
            part = min(max(e - level * 8, 0), 8)
            row += BLOCKS[part]
        rows.append(row)
    return rows


def effort_chart(
    counts: Sequence[int], cumulative: Sequence[float], low: float, high: float, width: int
) -> Text:
    """A 4-row histogram, a 2-row cumulative curve and the axis ends, in days."""
    text = Text()
    for row in bars(counts, width, 4):
        text.append(row + "\n", style="cyan")
    text.append("cumulative\n", style="dim")
    for row in bars(_monotone(cumulative, width), width, 2):
        text.append(row + "\n", style="green")
    left, right = f"{low:.0f} d", f"{high:.0f} d"
    columns = min(len(counts), width)
    text.append(left + " " * max(columns - len(left) - len(right), 1) + right, style="dim")
    return text


def _monotone(cumulative: Sequence[float], width: int) -> list[float]:
    """The cumulative shares sampled at `width` columns (the last bin of each column)."""
    if len(cumulative) <= width:
        return list(cumulative)
    return [cumulative[(i + 1) * len(cumulative) // width - 1] for i in range(width)]
