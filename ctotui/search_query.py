"""The inbox search language: operators plus free words, parsed without ever failing.

`from:ana subject:"budget review" is:unread has:attachment after:2026-11-01 deploy`
becomes a `SearchQuery`; the free words go to the full-text index, operators
become column filters. Anything not understood (an unknown operator, a bad
date) is kept as a free word and named in `problems`, so a typo still finds
something and the user is told why the result may be wider than meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_TOKEN = re.compile(r'(-?)(\w+):"([^"]*)"?|(-?)(\w+):(\S+)|"([^"]*)"?|(\S+)')
IS_VALUES = ("unread", "read", "flagged", "snoozed", "done")
HAS_VALUES = ("attachment",)
OPERATORS = ("from", "to", "subject", "is", "has", "before", "after")


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What the user asked for; empty fields filter nothing."""

    words: tuple[str, ...] = ()
    senders: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    unread: bool | None = None
    flagged: bool | None = None
    snoozed: bool | None = None
    done: bool | None = None
    has_attachment: bool | None = None
    before: date | None = None
    after: date | None = None
    problems: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The free words for the full-text index; a quoted phrase stays quoted."""
        return " ".join(f'"{w}"' if len(w.split()) > 1 and '"' not in w else w for w in self.words)

    @property
    def is_empty(self) -> bool:
        return self == SearchQuery(problems=self.problems) and not self.words


def _date(value: str, today: date | None) -> date | None:
    lowered = value.lower()
    if today is not None:
        if lowered == "today":
            return today
        if lowered == "yesterday":
            return today - timedelta(days=1)
        relative = re.fullmatch(r"(\d{1,4})([dw])", lowered)
        if relative:
            days = int(relative.group(1)) * (7 if relative.group(2) == "w" else 1)
            return today - timedelta(days=days)
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_query(text: str, today: date | None = None) -> SearchQuery:
    """Parse what the user typed; never raises. `today` enables today/yesterday/7d dates."""
    fields: dict[str, object] = {}
    lists: dict[str, list[str]] = {"senders": [], "recipients": [], "subjects": []}
    words: list[str] = []
    problems: list[str] = []
    for match in _TOKEN.finditer(text.replace("\x00", "")):
        negate = bool(match.group(1) or match.group(4))
        name = (match.group(2) or match.group(5) or "").lower()
        value = match.group(3) if match.group(2) else match.group(6)
        if not name:
            word = match.group(7) if match.group(7) is not None else match.group(8)
            if word and word.endswith(":") and word[:-1].lower().lstrip("-") in OPERATORS:
                problems.append(f"{word[:-1].lstrip('-').lower()}: needs a value")
            elif word:
                words.append(word)
            continue
        value = (value or "").strip()
        raw = match.group(0)
        if name not in OPERATORS:
            problems.append(f"unknown operator {name}: (searched as words)")
            words.append(raw)
        elif not value:
            problems.append(f"{name}: needs a value")
        elif name in ("from", "to", "subject"):
            key = {"from": "senders", "to": "recipients", "subject": "subjects"}[name]
            lists[key].append(value)
        elif name == "is" and value.lower() in IS_VALUES:
            flag = value.lower()
            if flag == "read":
                fields["unread"] = negate
            else:
                fields[flag] = not negate
        elif name == "has" and value.lower() in HAS_VALUES:
            fields["has_attachment"] = not negate
        elif name in ("before", "after"):
            day = _date(value, today)
            if day is None:
                problems.append(f"{name}:{value} is not a date (use YYYY-MM-DD)")
            else:
                fields[name] = day
        else:
            choices = IS_VALUES if name == "is" else HAS_VALUES
            problems.append(f"{name}:{value} is unknown (try {', '.join(choices)})")
    return SearchQuery(
        words=tuple(words),
        senders=tuple(lists["senders"]),
        recipients=tuple(lists["recipients"]),
        subjects=tuple(lists["subjects"]),
        problems=tuple(problems),
        **fields,  # type: ignore[arg-type]
    )
