"""Which links may be opened or copied, and whether a link's text hides its real target.

Only http, https and mailto ever leave the app as links. A display text that
names a different host than the URL it points to is flagged, the classic
phishing shape ("https://bank.example" linking elsewhere).
"""

from __future__ import annotations

import os
import re
import sys
from urllib.parse import urlsplit

from ctotui.sanitize import clean_line

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_HOSTLIKE = re.compile(r"(?:https?://)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)
# html2text writes an HTML link as [text](target); plain mail has bare addresses.
_MARKDOWN_LINK = re.compile(
    r"\[([^\[\]\n]{1,300})\]\(\s*<?((?:[^\s()<>]|\([^\s()<>]*\)){1,4000})>?(?:\s+\"[^\"]*\")?\s*\)"
)
_BARE_LINK = re.compile(r"(?:https?://|mailto:)[^\s<>\"'()\[\]]{1,4000}", re.IGNORECASE)
_TRAILING = ".,;:!?"


def safe_url(url: str) -> str | None:
    """The URL cleaned of controls, or None when its scheme may not be opened or copied."""
    cleaned = clean_line(url, limit=4000).strip()
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return None
    if parts.scheme.lower() in {"http", "https"} and not parts.netloc:
        return None
    return cleaned


def misleading(display: str, url: str) -> bool:
    """True when `display` looks like a web address on another host than `url`'s."""
    match = _HOSTLIKE.fullmatch(display.strip().rstrip("/"))
    if match is None:
        return False
    shown = match.group(1).lower().removeprefix("www.")
    target = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return shown != target


def find_links(text: str, limit: int = 100) -> list[tuple[str, str]]:
    """(display text, target) of each link in a message body, first occurrence first.

    A markdown link keeps its text, so `misleading` can compare it with the
    target; a bare address is its own text. Targets of any scheme are listed
    (the link screen refuses the ones that may not leave the app).
    """
    found: dict[str, str] = {}
    covered: list[tuple[int, int]] = []
    for match in _MARKDOWN_LINK.finditer(text):
        covered.append(match.span())
        found.setdefault(match.group(2), " ".join(match.group(1).split()))
    for match in _BARE_LINK.finditer(text):
        if any(start <= match.start() < end for start, end in covered):
            continue
        url = match.group(0).rstrip(_TRAILING)
        found.setdefault(url, url)
    ordered = sorted(found.items(), key=lambda pair: text.find(pair[0]))
    return [(display, url) for url, display in ordered][:limit]


def can_open_browser() -> bool:
    """Whether a browser can start here: not on a bare SSH box without a display."""
    if os.environ.get("BROWSER"):
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
