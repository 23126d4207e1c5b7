"""Color depth from the environment and `[ui] colors`, as the app decides it at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctotui.colors import ColorDepth, detect
from ctotui.config import load_config


def terminfo(colors: int | None):  # type: ignore[no-untyped-def]
    return lambda term: colors


@pytest.mark.parametrize(
    ("env", "found", "want"),
    [
        ({"NO_COLOR": "1", "COLORTERM": "truecolor"}, 256, ColorDepth.NONE),
        ({"NO_COLOR": "", "TERM": "xterm-256color"}, 256, ColorDepth.C256),
        ({"TERM": "dumb"}, None, ColorDepth.NONE),
        ({"COLORTERM": "truecolor", "TERM": "xterm"}, 8, ColorDepth.TRUECOLOR),
        ({"COLORTERM": "24bit"}, None, ColorDepth.TRUECOLOR),
        ({"TERM": "xterm-direct"}, None, ColorDepth.TRUECOLOR),
        ({"TERM": "tmux-256color"}, None, ColorDepth.C256),
        ({"TERM": "xterm-16color"}, None, ColorDepth.C16),
        ({"TERM": "screen"}, 8, ColorDepth.C8),
        ({"TERM": "linux"}, 8, ColorDepth.C8),
        ({"TERM": "rxvt"}, 88, ColorDepth.C16),
        ({"TERM": "vt100"}, 0, ColorDepth.NONE),
        ({"TERM": "something-new"}, None, ColorDepth.C16),
        ({}, None, ColorDepth.C16),
        ({"TEXTUAL_COLOR_SYSTEM": "standard", "COLORTERM": "truecolor"}, None, ColorDepth.C16),
    ],
)
def test_environment_decides_the_depth(
    env: dict[str, str], found: int | None, want: ColorDepth
) -> None:
    assert detect(env, "auto", terminfo(found)) is want


def test_the_config_setting_wins_over_the_environment() -> None:
    assert detect({"COLORTERM": "truecolor"}, "8", terminfo(256)) is ColorDepth.C8
    assert detect({"NO_COLOR": "1"}, "16", terminfo(256)) is ColorDepth.C16


def test_ui_colors_is_checked_with_a_fix(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[ui]\ncolors = "16"\n')
    assert load_config(path).ui.colors == "16"
    path.write_text("[ui]\ncolors = 8\n")
    assert load_config(path).ui.colors == "8"
    path.write_text('[ui]\ncolors = "sixteen"\n')
    config = load_config(path)
    assert config.ui.colors == "auto"
    (problem,) = config.problems
    assert problem.key == "ui.colors" and "'16'" in problem.fix
