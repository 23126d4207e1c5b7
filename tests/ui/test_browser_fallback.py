"""Open in browser: every link goes through the link screen; no browser means copy and show."""

from __future__ import annotations

import webbrowser

import pytest
from textual.app import App

from ctotui.screens.link import LinkScreen

URL = "https://tracker.acme.example/acme/api/7"


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.copied: list[str] = []

    def copy_to_clipboard(self, text: str) -> None:
        self.copied.append(text)


def messages(app: App[None]) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.fixture
def display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")


async def test_a_browser_that_does_not_start_means_the_link_is_copied(
    display: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    app = Host()
    async with app.run_test() as pilot:
        app.push_screen(LinkScreen(URL))
        await pilot.pause()
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.copied == [URL]
        assert any(f"No browser started, so the link was copied: {URL}" in m for m in messages(app))
        assert not isinstance(app.screen, LinkScreen)


async def test_a_browser_that_fails_to_run_means_the_link_is_copied(
    display: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(url: str, *args: object, **kwargs: object) -> bool:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "open", broken)
    app = Host()
    async with app.run_test() as pilot:
        app.push_screen(LinkScreen(URL))
        await pilot.pause()
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.copied == [URL]


async def test_a_browser_that_starts_opens_the_link_and_copies_nothing(
    display: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app = Host()
    async with app.run_test() as pilot:
        app.push_screen(LinkScreen(URL))
        await pilot.pause()
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert opened == [URL]
        assert app.copied == []
        assert f"Opened {URL}" in messages(app)


async def test_browser_variable_counts_as_a_browser_without_a_display(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("BROWSER", "w3m")
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app = Host()
    async with app.run_test() as pilot:
        app.push_screen(LinkScreen(URL))
        await pilot.pause()
        await pilot.press("o")
        await app.workers.wait_for_complete()
        assert opened == [URL]


async def test_the_app_sends_every_open_url_through_the_link_screen(
    demo_app,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: pytest.fail("no browser here"))
    copied: list[str] = []
    monkeypatch.setattr(demo_app, "copy_to_clipboard", copied.append)
    async with demo_app.run_test(size=(100, 30)) as pilot:
        demo_app.open_url(URL)
        await pilot.pause()
        assert isinstance(demo_app.screen, LinkScreen)
        await pilot.press("o")
        await pilot.pause()
        assert copied == [URL]
        assert not isinstance(demo_app.screen, LinkScreen)
        # A scheme that may not leave the app is refused, whoever asks.
        demo_app.open_url("file:///etc/passwd")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert copied == [URL]


async def test_opening_a_radar_item_shows_the_link_screen_first(
    demo_app,  # type: ignore[no-untyped-def]
    display: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    copied: list[str] = []
    monkeypatch.setattr(demo_app, "copy_to_clipboard", copied.append)
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("down", "enter")  # a review request: a tracker item with a URL
        await pilot.pause()
        assert isinstance(demo_app.screen, LinkScreen)
        target = demo_app.screen.url
        await pilot.press("o")
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        assert copied and copied[-1] == target
        assert any("No browser started" in m for m in messages(demo_app))
