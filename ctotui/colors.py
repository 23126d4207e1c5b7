"""How many colors the terminal shows: from NO_COLOR, COLORTERM, TERM and terminfo.

Textual hands color detection to Rich, which knows truecolor, 256 and 16
colors but not 8 (a `TERM=screen` tmux, the Linux console), and reads
`TERM=dumb` as "no color system" which Textual then draws in truecolor. So
ctotui decides here, once at start, and the app's color filter draws in what
was decided. `[ui] colors` overrides the detection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum

from ctotui.config_problems import Problems, did_you_mean


class ColorDepth(StrEnum):
    TRUECOLOR = "truecolor"
    C256 = "256"
    C16 = "16"
    C8 = "8"
    NONE = "none"


CHOICES = ("auto", *(depth.value for depth in ColorDepth))
_NO_COLOR_TERMS = frozenset({"dumb", "unknown"})
_TEXTUAL_SYSTEMS = {
    "truecolor": ColorDepth.TRUECOLOR,
    "256": ColorDepth.C256,
    "standard": ColorDepth.C16,
    "windows": ColorDepth.C16,
}


def terminfo_colors(term: str) -> int | None:
    """The `colors` capability of `term` in the terminfo database; None when unknown."""
    try:
        import curses

        curses.setupterm(term, -1)
        colors = curses.tigetnum("colors")
    except Exception:  # no curses, no terminfo entry, no database: unknown
        return None
    return colors if colors >= 0 else 0


def detect(
    environ: Mapping[str, str],
    configured: str = "auto",
    lookup: Callable[[str], int | None] = terminfo_colors,
) -> ColorDepth:
    """The color depth to draw in: `[ui] colors`, else what the environment says."""
    if configured != "auto":
        return ColorDepth(configured)
    if environ.get("NO_COLOR", ""):
        return ColorDepth.NONE
    forced = _TEXTUAL_SYSTEMS.get(environ.get("TEXTUAL_COLOR_SYSTEM", "").strip().lower())
    if forced is not None:
        return forced
    term = environ.get("TERM", "").strip().lower()
    if term in _NO_COLOR_TERMS:
        return ColorDepth.NONE
    if environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return ColorDepth.TRUECOLOR
    if term.endswith(("-direct", "-truecolor")):
        return ColorDepth.TRUECOLOR
    if term.endswith(("-256color", "-kitty")) or term == "xterm-kitty":
        return ColorDepth.C256
    if term.endswith("-16color"):
        return ColorDepth.C16
    colors = lookup(term) if term else None
    if colors is None:
        return ColorDepth.C16  # an unknown terminal: the 16 colors nearly all of them show
    if colors >= 256:
        return ColorDepth.C256
    if colors >= 16:
        return ColorDepth.C16
    if colors >= 8:
        return ColorDepth.C8
    return ColorDepth.NONE


def check_colors(raw: object, problems: Problems) -> str:
    """`[ui] colors`: "auto" (the default) or a depth; a wrong value is a problem, not fatal."""
    if raw is None:
        return "auto"
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, str) and raw.strip().lower() in CHOICES:
        return raw.strip().lower()
    problems.add(
        "ui.colors",
        f"unknown color depth {raw!r}"
        + (did_you_mean(raw, CHOICES) if isinstance(raw, str) else ""),
        f'Write one of {", ".join(repr(c) for c in CHOICES)}, e.g. colors = "16"',
    )
    return "auto"
