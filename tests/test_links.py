"""Only safe link schemes leave the app; misleading link text is flagged."""

from __future__ import annotations

import pytest

from ctotui.links import can_open_browser, misleading, safe_url


@pytest.mark.parametrize(
    "url",
    ["https://tracker.acme.example/a/1", "http://x.example", "mailto:cto@acme.example"],
)
def test_allowed_schemes(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,hi",
        "ssh://host",
        "https://",
        "",
        "vbscript:x",
    ],
)
def test_other_schemes_are_refused(url: str) -> None:
    assert safe_url(url) is None


def test_escape_sequences_are_stripped_from_urls() -> None:
    assert safe_url("https://a.example/\x1b]52;c;eA==\x07x") == "https://a.example/x"


def test_misleading_display_text() -> None:
    assert misleading("https://bank.example", "https://evil.example/login")
    assert misleading("bank.example", "https://evil.example")
    assert not misleading("www.bank.example", "https://bank.example/login")
    assert not misleading("click here", "https://evil.example")


def test_browser_needs_a_display_on_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert not can_open_browser()
    monkeypatch.setenv("DISPLAY", ":0")
    assert can_open_browser()
