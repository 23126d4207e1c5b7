"""Links: the target is shown first; over SSH (no display) open copies with OSC 52."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Static

from ctotui.screens.link import LinkScreen


class Host(App[None]):
    copied: list[str]

    def __init__(self) -> None:
        super().__init__()
        self.copied = []

    def copy_to_clipboard(self, text: str) -> None:
        self.copied.append(text)


def shown(app: App[None]) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)


async def test_open_without_a_display_copies_and_says_so(no_display: None) -> None:
    app = Host()
    async with app.run_test() as pilot:
        app.push_screen(LinkScreen("https://tracker.acme.example/acme/api/1", "acme/api#1"))
        await pilot.pause()
        assert "https://tracker.acme.example/acme/api/1" in shown(app)
        await pilot.press("o")
        await pilot.pause()
        assert app.copied == ["https://tracker.acme.example/acme/api/1"]
        assert any("link was copied: https://tracker" in n.message for n in app._notifications)


async def test_misleading_text_is_flagged_and_bad_schemes_refused(no_display: None) -> None:
    app = Host()
    async with app.run_test() as pilot:
        app.push_screen(LinkScreen("https://evil.example/login", "https://bank.example"))
        await pilot.pause()
        assert "goes somewhere else" in shown(app)
        await pilot.press("escape")
        app.push_screen(LinkScreen("javascript:alert(1)"))
        await pilot.pause()
        assert "cannot be opened" in shown(app)
        await pilot.press("c")
        await pilot.pause()
        assert app.copied == []
