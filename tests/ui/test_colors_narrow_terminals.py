"""Colors degrade to 16, 8 or none (TERM, COLORTERM, NO_COLOR, [ui] colors); meaning stays."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from ctotui.app import CtoApp
from ctotui.colors import ColorDepth, terminfo_colors

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def rendered(app: CtoApp) -> str:
    """The screen as the terminal receives it: text with its SGR codes, after every filter."""
    console = Console(
        width=app.size.width, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    update = app.screen._compositor.render_update(full=True, simplify=True)
    with console.capture() as capture:
        console.print(update)
    return capture.get()


def sgr_codes(output: str) -> list[list[int]]:
    return [[int(p) for p in m.split(";") if p] for m in SGR.findall(output)]


def color_codes(output: str) -> set[str]:
    """Every color an SGR sets: '31', '91', '38;5;n', '38;2;r;g;b' (39/49 are 'default')."""
    found: set[str] = set()
    for codes in sgr_codes(output):
        i = 0
        while i < len(codes):
            code = codes[i]
            if code in (38, 48):
                size = 5 if codes[i + 1] == 2 else 3
                found.add(";".join(str(c) for c in codes[i : i + size]))
                i += size
                continue
            if 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
                found.add(str(code))
            i += 1
    return found


def has_attribute(output: str, attribute: int) -> bool:
    return any(attribute in codes for codes in sgr_codes(output))


async def inbox_output(workspace, clock, monkeypatch, env, colors="auto") -> tuple[CtoApp, str]:  # type: ignore[no-untyped-def]
    for name in ("COLORTERM", "NO_COLOR", "TERM", "TEXTUAL_COLOR_SYSTEM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    workspace.config = replace(workspace.config, ui=replace(workspace.config.ui, colors=colors))
    app = CtoApp(workspace, clock=clock, sync_on_start=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        output = rendered(app)
    return app, output


def assert_meaning_kept(output: str) -> None:
    """Important (●), flagged (★) and unread (bold) do not rely on color."""
    plain = SGR.sub("", output)
    assert "●" in plain and "★" in plain
    assert has_attribute(output, 1)


async def test_truecolor_terminal_keeps_the_theme_colors(
    demo_workspace,  # type: ignore[no-untyped-def]
    clock,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, output = await inbox_output(
        demo_workspace, clock, monkeypatch, {"COLORTERM": "truecolor", "TERM": "xterm"}
    )
    assert app.color_depth is ColorDepth.TRUECOLOR
    assert any(code.startswith("38;2;") for code in color_codes(output))


async def test_16_color_terminal_gets_only_the_16_ansi_colors(
    demo_workspace,  # type: ignore[no-untyped-def]
    clock,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, output = await inbox_output(demo_workspace, clock, monkeypatch, {"TERM": "xterm-16color"})
    assert app.color_depth is ColorDepth.C16
    codes = color_codes(output)
    assert codes and all(";" not in code for code in codes), codes
    assert_meaning_kept(output)


async def test_8_color_setting_uses_only_the_basic_eight(
    demo_workspace,  # type: ignore[no-untyped-def]
    clock,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, output = await inbox_output(
        demo_workspace, clock, monkeypatch, {"COLORTERM": "truecolor"}, colors="8"
    )
    assert app.color_depth is ColorDepth.C8
    codes = color_codes(output)
    assert codes and all(int(code) < 50 for code in codes), codes
    assert_meaning_kept(output)


async def test_a_terminfo_8_color_term_is_drawn_in_8_colors(
    demo_workspace,  # type: ignore[no-untyped-def]
    clock,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if terminfo_colors("screen") != 8:
        pytest.skip("no terminfo entry for screen with 8 colors here")
    app, output = await inbox_output(demo_workspace, clock, monkeypatch, {"TERM": "screen"})
    assert app.color_depth is ColorDepth.C8
    assert all(int(code) < 50 for code in color_codes(output))


@pytest.mark.parametrize("env", [{"NO_COLOR": "1", "COLORTERM": "truecolor"}, {"TERM": "dumb"}])
async def test_no_color_draws_no_color_and_shows_the_cursor_in_reverse(
    demo_workspace,  # type: ignore[no-untyped-def]
    clock,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
) -> None:
    app, output = await inbox_output(demo_workspace, clock, monkeypatch, env)
    assert app.color_depth is ColorDepth.NONE
    assert color_codes(output) == set()
    assert has_attribute(output, 7)  # the cursor row and the current split, reversed
    assert_meaning_kept(output)


async def test_ansi_themes_are_offered_and_applied(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    from ctotui.workspace import open_workspace

    config = tmp_path / "config.toml"
    config.write_text('[ui]\ntheme = "ansi-dark"\ncolors = "16"\n')
    workspace = open_workspace(
        config_arg=str(config), data_dir_arg=str(tmp_path / "d"), demo=False, clock=clock
    )
    app = CtoApp(workspace, clock=clock, sync_on_start=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "ansi-dark"
        assert app.native_ansi_color  # the terminal's own palette, not converted colors
        assert {"ansi-dark", "ansi-light"} <= set(app.available_themes)
        assert not workspace.config.problems
        assert all(n.title != "Theme" for n in app._notifications)
        # The command palette's theme picker offers them too.
        await pilot.press("ctrl+p", *"theme", "enter")
        await pilot.pause()
        await pilot.press(*"ansi-light")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "ansi-light"
    workspace.close()
