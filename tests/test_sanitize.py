"""The one sanitizer: no escape, control or bidi character survives, nothing else is lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctotui.sanitize import clean_line, clean_text

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@pytest.mark.parametrize(
    ("hostile", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("a\x1b]52;c;ZXZpbA==\x07b", "ab"),  # OSC 52 clipboard write
        ("a\x1b]52;c;ZXZpbA==\x1b\\b", "ab"),  # ... terminated by ST
        ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"),  # OSC 8 link
        ("\x1b]0;new title\x07x", "x"),  # window title
        ("a\x1bP1$r0m\x1b\\b", "ab"),  # DCS
        ("a\x1b_apc payload\x1b\\b", "ab"),  # APC
        ("a\x1b^pm\x1b\\b", "ab"),  # PM
        ("a\x1bXsos\x1b\\b", "ab"),  # SOS
        ("a\x9b31mb", "ab"),  # 8-bit CSI
        ("a\x9d0;title\x9cb", "ab"),  # 8-bit OSC
        ("x\x1b[2J\x1b[Hy", "xy"),  # clear screen, cursor home
        ("evil\u202egnp.exe", "evilgnp.exe"),  # right-to-left override
        ("pay\u200bpal", "paypal"),  # zero-width space
        ("bell\x07 and nul\x00", "bell and nul"),
        ("[bold]not markup[/bold]", "[bold]not markup[/bold]"),
        ("tab\tstop", "tab    stop"),
    ],
)
def test_known_attacks_are_removed(hostile: str, shown: str) -> None:
    assert clean_text(hostile) == shown


def test_clean_line_folds_and_caps() -> None:
    assert clean_line("a\n\nb\r\n  c") == "a b c"
    long = clean_line("x" * 10_000, limit=20)
    assert len(long) == 20 and long.endswith("…")


@given(st.text())
def test_nothing_dangerous_survives_any_text(text: str) -> None:
    cleaned = clean_text(text)
    assert not FORBIDDEN.search(cleaned)
    assert "\x1b" not in cleaned and "\r" not in cleaned
    assert clean_text(cleaned) == cleaned  # idempotent
    line = clean_line(text, limit=80)
    assert "\n" not in line and len(line) <= 80


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs"))))
def test_ordinary_text_is_kept_whole(text: str) -> None:
    assert clean_text(text) == text.replace("\t", "    ")


PACKAGE = Path(__file__).resolve().parent.parent / "ctotui"
# Modules that draw to the terminal outside screens/ and widgets/ (they must be scanned).
TOP_LEVEL_UI = ("app.py", "app_sync.py", "status_line.py")
# Display calls that would parse markup in a str built from data.
BYPASS = re.compile(r"""(Static|Label|\.update)\(\s*f["']|markup\s*=\s*True""")


def ui_modules() -> list[Path]:
    """Screens, widgets, the named top-level modules and any other module importing Textual."""
    found = {*PACKAGE.joinpath("screens").glob("*.py"), *PACKAGE.joinpath("widgets").glob("*.py")}
    found |= {PACKAGE / name for name in TOP_LEVEL_UI}
    textual = re.compile(r"^\s*(from|import) textual\b", re.MULTILINE)
    found |= {path for path in PACKAGE.glob("*.py") if textual.search(path.read_text())}
    return sorted(found)


def test_ui_code_never_renders_formatted_strings_as_markup() -> None:
    """Screens pass Text objects or sanitized cells; an f-string into Static/update is a leak."""
    modules = ui_modules()
    assert {PACKAGE / name for name in TOP_LEVEL_UI} <= set(modules)
    offenders = []
    for path in modules:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if BYPASS.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert not offenders, "display paths that bypass the sanitizer:\n" + "\n".join(offenders)


def test_absurd_lengths_are_capped_for_display() -> None:
    shown = clean_text("y" * 1_000_000, limit=1000)
    assert shown.startswith("y" * 1000) and "999,000 more characters not shown" in shown
