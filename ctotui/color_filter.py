"""Draw every line in the color depth `ctotui.colors` decided: 256, 16, 8 or no colors.

A Textual line filter, run after the theme's colors are resolved. It maps each
color to the nearest one the terminal has (the 8-color map folds the bright
half onto the basic eight), keeps text readable when a foreground and its
background fall on the same color, and with no colors at all shows what only a
background marked (the cursor row, a selected tab) in reverse video, so
nothing that matters is lost with the color.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rich.color import Color as RichColor
from rich.color import ColorSystem, ColorType
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter, Monochrome, NoColor

from ctotui.colors import ColorDepth

_SYSTEMS = {
    ColorDepth.C256: ColorSystem.EIGHT_BIT,
    ColorDepth.C16: ColorSystem.STANDARD,
    ColorDepth.C8: ColorSystem.STANDARD,
}
BRIGHT_BLACK = 8
WHITE = 7
BLACK = 0
REVERSE_CONTRAST = 0.12
"""How far (in brightness, 0-1) a background must stand out to be drawn reversed."""


def _downgrade(color: RichColor | None, depth: ColorDepth, foreground: bool) -> RichColor | None:
    if color is None or color.type is ColorType.DEFAULT:
        return color
    lower = color.downgrade(_SYSTEMS[depth])
    if depth is ColorDepth.C8 and lower.number is not None and lower.number >= BRIGHT_BLACK:
        number = lower.number - BRIGHT_BLACK
        # Grey text (bright black) would vanish on black: it becomes plain white.
        if foreground and lower.number == BRIGHT_BLACK:
            number = WHITE
        lower = RichColor.from_ansi(number)
    return lower


@lru_cache(maxsize=4096)
def downgrade_style(style: Style, depth: ColorDepth) -> Style:
    """`style` with its colors mapped to `depth` (not NONE), never fg on the same bg."""
    color = _downgrade(style.color, depth, foreground=True)
    bgcolor = _downgrade(style.bgcolor, depth, foreground=False)
    if (
        color is not None
        and bgcolor is not None
        and color.number is not None
        and color.number == bgcolor.number
    ):
        color = RichColor.from_ansi(BLACK if bgcolor.number == WHITE else WHITE)
    return style + Style.from_color(color, bgcolor)


def _brightness(color: RichColor) -> float | None:
    if color.type is ColorType.DEFAULT:
        return None
    return Color.from_rich_color(color).brightness


@lru_cache(maxsize=4096)
def colorless_style(style: Style, base: float) -> Style:
    """`style` without colors; reversed where its background stood out from `base`."""
    plain = style.without_color
    meta = style.meta
    if meta:
        plain = plain + Style.from_meta(meta)  # mouse actions live in the meta
    bgcolor = style.bgcolor
    if bgcolor is not None:
        brightness = _brightness(bgcolor)
        if brightness is not None and abs(brightness - base) >= REVERSE_CONTRAST:
            plain = plain + Style(reverse=not style.reverse)
    return plain


class DepthFilter(LineFilter):
    """Maps every segment's colors to one color depth (anything but truecolor)."""

    def __init__(self, depth: ColorDepth) -> None:
        super().__init__(enabled=depth is not ColorDepth.TRUECOLOR)
        self.depth = depth

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if self.depth is ColorDepth.NONE:
            base = round(background.brightness, 2)
            return [
                Segment(text, None if style is None else colorless_style(style, base), control)
                for text, style, control in segments
            ]
        depth = self.depth
        return [
            Segment(text, None if style is None else downgrade_style(style, depth), control)
            for text, style, control in segments
        ]


def with_depth(filters: Sequence[LineFilter], depth_filter: DepthFilter) -> list[LineFilter]:
    """Textual's filters without its own NO_COLOR handling (ctotui.colors decides), then ours."""
    kept = [f for f in filters if not isinstance(f, NoColor | Monochrome)]
    return [*kept, depth_filter] if depth_filter.enabled else kept
