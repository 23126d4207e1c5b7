"""Toasts quote subjects and titles: no escape sequence, control or bidi override gets through."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from ctotui.app import CtoApp
from ctotui.demo_workspace import DEMO_SOURCE_NAME
from ctotui.model import Message, MessageKind
from ctotui.screens.todo_form import QuickAddScreen

HOSTILE = "Quarterly zebra \x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07 pay\u202egnp.exe"
SHOWN = "Quarterly zebra red paygnp.exe"  # whitespace folded


def _toasts(app: CtoApp) -> list[str]:
    """Every notification as `title|message`, whitespace folded."""
    return [" ".join(f"{n.title}|{n.message}".split()) for n in app._notifications]


def _assert_clean(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "]52;" not in text and "ZXZpbA" not in text


async def test_a_to_do_from_a_hostile_subject_shows_a_clean_toast(demo_app: CtoApp) -> None:
    now = demo_app.clock.now()
    message = Message(
        DEMO_SOURCE_NAME, "hostile-1", MessageKind.MAIL, "INBOX", "Mallory", "m@evil.example",
        HOSTILE, "body", now,
    )  # fmt: skip
    demo_app.store.save_fetch(
        DEMO_SOURCE_NAME, "demo", messages=[message], items=[], events=[], cursor=None, at=now
    )
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "slash", *"zebra", "enter")
        await pilot.pause()
        await pilot.press("t")
        assert isinstance(demo_app.screen, QuickAddScreen)
        await pilot.press("enter")
        await pilot.pause()
        added = [t for t in _toasts(demo_app) if "To-do added" in t]
        assert added and SHOWN in added[0]
        for toast in _toasts(demo_app):
            _assert_clean(toast)

        # The app-wide quick add, with the raw subject pasted into the title.
        await pilot.press("1", "t")
        assert isinstance(demo_app.screen, QuickAddScreen)
        title = demo_app.screen.query_one("#todos-form-title", Input)
        title.post_message(events.Paste(HOSTILE))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        added = [t for t in _toasts(demo_app) if "Added to-do" in t]
        assert added and SHOWN in added[0]
        demo_app.notify(HOSTILE, title=HOSTILE)  # any other caller, title included
        await pilot.pause()
        assert f"{SHOWN}|{SHOWN}" in _toasts(demo_app)
        for toast in _toasts(demo_app):
            _assert_clean(toast)
