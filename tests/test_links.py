"""Only safe link schemes leave the app; misleading link text is flagged."""

from __future__ import annotations

import pytest

from ctotui.links import can_open_browser, find_links, misleading, safe_url


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


def test_find_links_keeps_markdown_text_and_bare_addresses_in_order() -> None:
    body = (
        "Hi, the plan is at [the plan](https://docs.acme.example/plan).\n"
        "Tracker: https://tracker.acme.example/a/1, and write to mailto:cto@acme.example.\n"
        "Again: https://tracker.acme.example/a/1\n"
    )
    assert find_links(body) == [
        ("the plan", "https://docs.acme.example/plan"),
        ("https://tracker.acme.example/a/1", "https://tracker.acme.example/a/1"),
        ("mailto:cto@acme.example", "mailto:cto@acme.example"),
    ]


def test_find_links_lists_a_disguised_link_and_a_refused_scheme_as_written() -> None:
    body = "[https://bank.example](https://evil.example/login) [click](javascript:alert(1))"
    links = find_links(body)
    assert links == [
        ("https://bank.example", "https://evil.example/login"),
        ("click", "javascript:alert(1)"),
    ]
    assert misleading(*links[0]) and safe_url(links[1][1]) is None


def test_find_links_caps_the_list_and_finds_none_in_plain_text() -> None:
    many = " ".join(f"https://x.example/{n}" for n in range(300))
    assert len(find_links(many)) == 100
    assert find_links("no links here, just (parens) and [brackets].") == []
