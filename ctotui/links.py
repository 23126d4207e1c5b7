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


def can_open_browser() -> bool:
    """Whether a browser can start here: not on a bare SSH box without a display."""
    if os.environ.get("BROWSER"):
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
