"""Jira sync progress: named JQL sections, their `updated` cursors, and the page in flight.

Each section keeps the newest `updated` it has seen. The next sync asks only
for `updated >= "<that minute>"` (JQL compares in the Jira user's time zone,
to the minute, so the cursor is converted and a minute of overlap is kept;
re-fetched issues change nothing in the store). A section's cursor moves only
when its last page is in, so an interrupted sync resumes without losing issues.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ctotui.errors import AdapterError

SECTION = re.compile(r"^\s*([\w][\w .-]*?)\s*:\s*(\S.*)$", re.DOTALL)
ORDER_BY = re.compile(r"\border\s+by\b", re.IGNORECASE)
OVERLAP = timedelta(minutes=1)


def parse_sections(entries: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """`"name: JQL"` entries as (name, JQL); an entry without a name is named by its place."""
    sections: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        match = SECTION.match(entry)
        name, jql = (match.group(1), match.group(2)) if match else (f"jql{index}", entry)
        jql = ORDER_BY.split(jql, maxsplit=1)[0].strip()
        if not jql:
            raise AdapterError(f"The JQL of section {name!r} is empty")
        if name in seen:
            raise AdapterError(f"Two JQL sections are named {name!r}; give each its own name")
        seen.add(name)
        sections.append((name, jql))
    if not sections:
        raise AdapterError('No JQL sections: add jql = ["name: project = ABC"] to the source')
    return sections


def jira_zone(name: object) -> tzinfo:
    """The Jira user's time zone from `/myself`, UTC when missing or unknown."""
    if isinstance(name, str) and name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return UTC
    return UTC


def section_jql(jql: str, since: datetime | None, zone: tzinfo) -> str:
    """The section's JQL limited to issues updated since the cursor, oldest change first."""
    if since is None:
        return f"({jql}) ORDER BY updated ASC"
    local = (since - OVERLAP).astimezone(zone)
    return f'({jql}) AND updated >= "{local:%Y/%m/%d %H:%M}" ORDER BY updated ASC'


@dataclass(frozen=True, slots=True)
class JiraCursor:
    """Per-section `updated` high-water marks plus the section and page being read."""

    since: dict[str, str] = field(default_factory=dict)
    section: int = 0
    page: str = ""
    """Cloud: the nextPageToken; Data Center: the startAt offset, as text."""
    seen: str = ""
    """The newest `updated` read so far in the section in flight."""

    @classmethod
    def load(cls, text: str | None) -> JiraCursor:
        """The stored cursor; anything unreadable starts a full sync."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
            since = {str(k): str(v) for k, v in dict(data.get("since", {})).items()}
            return cls(
                since=since,
                section=int(data.get("section", 0)),
                page=str(data.get("page", "")),
                seen=str(data.get("seen", "")),
            )
        except (ValueError, TypeError, AttributeError):
            return cls()

    def dump(self) -> str:
        return json.dumps(
            {"since": self.since, "section": self.section, "page": self.page, "seen": self.seen},
            sort_keys=True,
        )

    def since_of(self, name: str) -> datetime | None:
        try:
            return datetime.fromisoformat(self.since[name]) if self.since.get(name) else None
        except ValueError:  # a damaged cursor: read the section in full again
            return None

    def next_page(self, page: str, newest: datetime | None) -> JiraCursor:
        """More pages of this section to read."""
        return replace(self, page=page, seen=_newest(self.seen, newest))

    def section_done(self, name: str, newest: datetime | None, names: list[str]) -> JiraCursor:
        """The section is read to the end: move its cursor, go on to the next one."""
        seen = _newest(self.seen, newest)
        since = {k: v for k, v in self.since.items() if k in names}
        if seen:
            since[name] = seen
        following = self.section + 1
        return JiraCursor(since=since, section=following if following < len(names) else 0)


def _newest(current: str, candidate: datetime | None) -> str:
    if candidate is None:
        return current
    try:
        if current and datetime.fromisoformat(current) >= candidate:
            return current
    except ValueError:
        pass
    return candidate.astimezone(UTC).isoformat()
