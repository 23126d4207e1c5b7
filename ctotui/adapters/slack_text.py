"""Slack message text to readable plain text: mrkdwn markers and `<...>` forms.

Slack sends `<@U123>`, `<#C123|name>`, `<!here>`, `<!subteam^S1|@team>` and
`<https://url|label>` inside the text, HTML-escapes `&`, `<` and `>`, and marks
bold/italic/strike with `*`, `_`, `~`. The inbox shows plain text only, so these
become `@Name`, `#name`, `@here`, `label (https://url)`; names come from the
resolvers the adapter passes in. The result goes through the one sanitizer.
Pure functions: no IO.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ctotui.sanitize import clean_text

Resolve = Callable[[str], str]

_ANGLE = re.compile(r"<([^<>]*)>")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])")
_FENCE = re.compile(r"```\n?(.*?)\n?```", re.DOTALL)
_SPECIAL = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _angle(match: re.Match[str], user: Resolve, channel: Resolve) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (label or user(target[1:]))
    if target.startswith("#"):
        return "#" + (label or channel(target[1:]))
    if target.startswith("!"):
        word = target[1:]
        if word in _SPECIAL:
            return _SPECIAL[word]
        if word.startswith("subteam^"):
            name = label or "@" + word.removeprefix("subteam^")
            return name if name.startswith("@") else "@" + name
        return label or word.split("^", 1)[0]
    if target.startswith("mailto:"):
        return label or target.removeprefix("mailto:")
    if label and label != target:
        return f"{label} ({target})"
    return target


def _mrkdwn(text: str) -> str:
    text = _FENCE.sub(lambda m: m.group(1), text)
    for pattern in (_BOLD, _ITALIC, _STRIKE):
        text = pattern.sub(lambda m: m.group(1), text)
    return text


def render(text: str, user: Resolve, channel: Resolve) -> str:
    """Slack `text` as safe plain text with users and channels named."""
    parts: list[str] = []
    last = 0
    for match in _ANGLE.finditer(text):
        parts.append(_mrkdwn(_unescape(text[last : match.start()])))
        parts.append(_unescape(_angle(match, user, channel)))
        last = match.end()
    parts.append(_mrkdwn(_unescape(text[last:])))
    return clean_text("".join(parts)).strip()


def mentioned_ids(text: str) -> set[str]:
    """User ids (`U…`/`W…`) and user-group ids (`S…`) mentioned in raw Slack text."""
    found: set[str] = set()
    for match in _ANGLE.finditer(text):
        target = match.group(1).partition("|")[0]
        if target.startswith("@"):
            found.add(target[1:])
        elif target.startswith("!subteam^"):
            found.add(target.removeprefix("!subteam^"))
    return found
