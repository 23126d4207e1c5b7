"""A message's links: picked from a list, shown with their real target, flagged when they lie.

Only http, https and mailto leave the app; `y` copies a web link and nothing
else, `Y` copies the Message-ID.
"""

from __future__ import annotations

import webbrowser

import pytest
from textual.widgets import OptionList, Static

from ctotui.app import CtoApp
from ctotui.demo_workspace import DEMO_SOURCE_NAME
from ctotui.model import Message, MessageKind
from ctotui.screens.link import LinkPickerScreen, LinkScreen

PHISH_BODY = (
    "Your password expires today.\n\n"
    "Renew it at [https://sso.acme.example](http://acme-sso.example.net/login) now.\n"
    "Questions: mailto:it@acme.example or [the FAQ](https://wiki.acme.example/faq).\n"
    "[Run the fixer](javascript:alert(1))\n"
)
SINGLE_BODY = "The draft is at https://docs.acme.example/d/42, comments welcome."


def _message(remote_id: str, subject: str, body: str, **extra: object) -> Message:
    return Message(
        DEMO_SOURCE_NAME, remote_id, MessageKind.MAIL, "INBOX", "IT Desk", "it@acme-sso.example",
        subject, body, extra.pop("at"), **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def _store(app: CtoApp, *messages: Message) -> None:
    app.store.save_fetch(
        DEMO_SOURCE_NAME, "demo", messages=list(messages), items=[], events=[], cursor=None,
        at=app.clock.now(),
    )  # fmt: skip


def _toasts(app: CtoApp) -> list[str]:
    return [" ".join(n.message.split()) for n in app._notifications]


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An SSH box: no display, no BROWSER; what the app copies is recorded."""
    monkeypatch.setattr("sys.platform", "linux")
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: pytest.fail("no browser here"))
    return []


async def test_o_lists_the_links_and_flags_the_one_whose_text_names_another_host(
    demo_app: CtoApp, no_browser: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_app, "copy_to_clipboard", no_browser.append)
    now = demo_app.clock.now()
    _store(demo_app, _message("phish-1", "Quokka password expiry", PHISH_BODY, at=now))
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "slash", *"quokka", "enter")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        picker = demo_app.screen
        assert isinstance(picker, LinkPickerScreen)
        choices = picker.query_one(OptionList)
        labels = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert labels == [
            "misleading https://sso.acme.example → http://acme-sso.example.net/login",
            "mailto:it@acme.example",
            "the FAQ → https://wiki.acme.example/faq",
            "not allowed Run the fixer → javascript:alert(1)",
        ]
        await pilot.press("enter")  # the first: the lying one
        await pilot.pause()
        shown = demo_app.screen
        assert isinstance(shown, LinkScreen)
        text = " ".join(str(shown.query_one(Static).render()).split())
        assert "Link target: http://acme-sso.example.net/login" in text
        assert "Warning: the link text says https://sso.acme.example but it goes somewhere" in text
        await pilot.press("c")
        await pilot.pause()
        assert no_browser == ["http://acme-sso.example.net/login"]

        await pilot.press("o", "end", "enter")  # the javascript: link is shown, never copied
        await pilot.pause()
        assert isinstance(demo_app.screen, LinkScreen)
        assert "cannot be opened or copied" in str(demo_app.screen.query_one(Static).render())
        await pilot.press("c")
        await pilot.pause()
        assert no_browser == ["http://acme-sso.example.net/login"]
        assert not isinstance(demo_app.screen, LinkScreen)


async def test_a_single_link_goes_straight_to_the_link_screen_and_none_says_so(
    demo_app: CtoApp, no_browser: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_app, "copy_to_clipboard", no_browser.append)
    now = demo_app.clock.now()
    _store(
        demo_app,
        _message("one-link", "Wombat draft", SINGLE_BODY, at=now),
        _message("no-link", "Wombat lunch", "Pizza on Friday?", at=now),
    )
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "slash", *"wombat draft", "enter")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(demo_app.screen, LinkScreen)
        assert demo_app.screen.url == "https://docs.acme.example/d/42"  # the comma is not in it
        await pilot.press("o")  # no browser over SSH: copied and shown
        await pilot.pause()
        assert no_browser == ["https://docs.acme.example/d/42"]
        assert any("No browser here, so the link was copied" in t for t in _toasts(demo_app))

        await pilot.press("escape", "slash", *"wombat lunch", "enter")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert not isinstance(demo_app.screen, (LinkScreen, LinkPickerScreen))
        assert "No links in this message." in _toasts(demo_app)


async def test_y_copies_only_a_web_link_and_capital_y_the_message_id(
    demo_app: CtoApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(demo_app, "copy_to_clipboard", copied.append)
    now = demo_app.clock.now()
    _store(
        demo_app,
        _message("web", "Numbat web", "", at=now, url="https://mail.acme.example/m/1"),
        _message("local", "Numbat local", "", at=now, message_id="<n42@acme.example>"),
        _message("odd", "Numbat odd", "", at=now, url="file:///etc/passwd"),
    )
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "slash", *"numbat web", "enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert copied == ["https://mail.acme.example/m/1"]
        assert "Copied the link: https://mail.acme.example/m/1" in _toasts(demo_app)

        for subject in ("numbat local", "numbat odd"):
            await pilot.press("escape", "slash", *subject, "enter")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
        assert copied == ["https://mail.acme.example/m/1"]  # no internal id, no file: link
        assert _toasts(demo_app).count("This message has no web link; Y copies its id.") == 2

        await pilot.press("escape", "slash", *"numbat local", "enter")
        await pilot.pause()
        await pilot.press("Y")
        await pilot.pause()
        assert copied[-1] == "<n42@acme.example>"
        assert "Copied the Message-ID: <n42@acme.example>" in _toasts(demo_app)
