"""Quick add: one typed line parsed into a to-do's fields, with what each word became.

    Review Q3 hosting budget tomorrow 10am !high +finance #budget @api-lead ~30m

`!high` (or `!!!`, `!med`, `!low`) priority, `+project`, `#tag` (several),
`@person` delegates (the to-do waits for them), `~30m` / `~1h30m` estimate,
`^fri` plans it for a day (scheduled), and a due date: today, tonight, tomorrow,
weekday names (the next one after today), `next week`, `next fri`, `in 3d`,
`in 2 weeks`, `end of month`, `eom`, ISO dates, each optionally with a time
(`10am`, `14:30`, `at 3pm`, `noon`), or a time alone. `every day|weekday|week|
month`, `every 3 days`, `every mon,thu`, `every 15th` make it recur. A word
starting with a backslash is kept in the title as it is, without the backslash.

Nothing typed is dropped: each word is either a field or stays in the title,
and `Parsed.spans` records which, in order, for the live preview. A second
value for a single field (a second date, a second `!high`) stays in the title.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from ctotui import recurrence
from ctotui.model import Priority, Todo, TodoStatus
from ctotui.quickadd_words import (
    date_phrase,
    first_day,
    recurrence_phrase,
    time_phrase,
)
from ctotui.recurrence import Rule

PRIORITY_WORDS: dict[str, Priority] = {
    "!high": Priority.HIGH,
    "!h": Priority.HIGH,
    "!!!": Priority.HIGH,
    "!medium": Priority.MEDIUM,
    "!med": Priority.MEDIUM,
    "!m": Priority.MEDIUM,
    "!!": Priority.MEDIUM,
    "!low": Priority.LOW,
    "!l": Priority.LOW,
    "!": Priority.LOW,
}
DATE_LEADS = frozenset({"on", "by", "due"})
_NAME = r"[\w][\w./-]*"
_SIGIL = re.compile(rf"^([+#@])({_NAME})$")
_ESTIMATE = re.compile(r"^~(?:(\d{1,3})h)?(?:(\d{1,4})m(?:in)?)?$")


class Part(StrEnum):
    """What a typed word became."""

    TITLE = "title"
    DUE = "due"
    SCHEDULED = "scheduled"
    PRIORITY = "priority"
    PROJECT = "project"
    TAG = "tag"
    OWNER = "owner"
    ESTIMATE = "estimate"
    RECURRENCE = "recurrence"


@dataclass(frozen=True, slots=True)
class Span:
    """One or more typed words (as typed) and the part they became."""

    text: str
    part: Part


@dataclass(slots=True)
class Parsed:
    title: str = ""
    spans: list[Span] = field(default_factory=list)
    due: datetime | None = None
    scheduled: date | None = None
    priority: Priority = Priority.NONE
    project: str = ""
    tags: tuple[str, ...] = ()
    owner: str = ""
    estimate_minutes: int | None = None
    recurrence: str = ""

    def to_todo(self, created_at: datetime) -> Todo:
        """A new to-do with these fields; a named owner means it waits for them."""
        delegated = bool(self.owner)
        return Todo(
            title=self.title,
            created_at=created_at,
            status=TodoStatus.WAITING if delegated else TodoStatus.OPEN,
            priority=self.priority,
            due=self.due,
            scheduled=self.scheduled,
            project=self.project,
            tags=self.tags,
            owner=self.owner,
            estimate_minutes=self.estimate_minutes,
            recurrence=self.recurrence,
            waiting_since=created_at if delegated else None,
        )


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"


def preview(parsed: Parsed) -> list[tuple[str, str]]:
    """The fields a line will set, as (label, value) pairs for the live preview."""
    rows: list[tuple[str, str]] = [("Title", parsed.title or "(no title yet)")]
    if parsed.due is not None:
        local = parsed.due.astimezone()
        clock = "" if local.time() == time.min else f" {local:%H:%M}"
        rows.append(("Due", f"{local:%a %d %b %Y}{clock}"))
    if parsed.scheduled is not None:
        rows.append(("Planned", f"{parsed.scheduled:%a %d %b %Y}"))
    if parsed.priority is not Priority.NONE:
        rows.append(("Priority", parsed.priority.value))
    if parsed.project:
        rows.append(("Project", parsed.project))
    if parsed.tags:
        rows.append(("Tags", " ".join(f"#{t}" for t in parsed.tags)))
    if parsed.owner:
        rows.append(("Waiting for", parsed.owner))
    if parsed.estimate_minutes:
        rows.append(("Estimate", format_minutes(parsed.estimate_minutes)))
    rule = recurrence.decode(parsed.recurrence)
    if rule is not None:
        rows.append(("Repeats", recurrence.describe(rule)))
    return rows


def _rule_words(rule: Rule) -> str:
    if rule.kind == "daily":
        return "every day"
    if rule.kind == "weekdays":
        return "every weekday"
    if rule.kind == "weekly":
        return "every " + ",".join(recurrence.WEEKDAYS[d] for d in rule.days)
    if rule.kind == "every":
        return f"every {rule.interval} {rule.unit.value}"
    return "every " + recurrence.ordinal(rule.day_of_month)


def _escaped_title(title: str, now: datetime) -> list[str]:
    """Title words, with a backslash before any a parse would read as a field."""
    words = ["\\" + w if w.startswith("\\") else w for w in title.split()]
    for _ in range(len(words)):
        spans = parse(" ".join(words), now).spans
        position = 0
        clash = None
        for span in spans:
            if span.part is not Part.TITLE:
                clash = position
                break
            position += len(span.text.split())
        if clash is None:
            break
        words[clash] = "\\" + words[clash]
    return words


def literal_line(text: str, now: datetime) -> str:
    """`text` escaped so quick add keeps all of it as the title (for prefilling)."""
    return " ".join(_escaped_title(text, now))


def to_line(todo: Todo, now: datetime) -> str:
    """A to-do written back in quick-add syntax, so editing is retyping one line."""
    words = _escaped_title(todo.title, now)
    if todo.due is not None:
        local = todo.due.astimezone(now.tzinfo)
        words.append(local.date().isoformat())
        if local.time() != time.min:
            words.append(f"{local:%H:%M}")
    if todo.scheduled is not None:
        words.append(f"^{todo.scheduled.isoformat()}")
    if todo.priority is not Priority.NONE:
        words.append(f"!{todo.priority.value}")
    if todo.project:
        words.append(f"+{todo.project}")
    words.extend(f"#{tag}" for tag in todo.tags)
    if todo.owner:
        words.append(f"@{todo.owner}")
    if todo.estimate_minutes:
        words.append(f"~{todo.estimate_minutes}m")
    rule = recurrence.decode(todo.recurrence)
    if rule is not None:
        words.append(_rule_words(rule))
    return " ".join(words)


# --- the parser ------------------------------------------------------------


class _Parser:
    def __init__(self, text: str, now: datetime) -> None:
        self.words = text.split()
        self.lower = [w.lower() for w in self.words]
        self.now = now
        self.today = now.date()
        self.result = Parsed()
        self.title: list[str] = []
        self.due_set = False

    def run(self) -> Parsed:
        i = 0
        steps: tuple[Callable[[int], int], ...] = (
            self._escape,
            self._sigil,
            self._recurs,
            self._scheduled,
            self._due,
        )
        while i < len(self.words):
            used = 0
            for step in steps:
                used = step(i)
                if used:
                    break
            if not used:
                self._take(i, 1, Part.TITLE)
                self.title.append(self.words[i])
                used = 1
            i += used
        result = self.result
        result.title = " ".join(self.title)
        rule = recurrence.decode(result.recurrence)
        if rule is not None and result.due is None and result.scheduled is None:
            result.due = self._at(first_day(rule, self.today), None)
        return result

    def _take(self, i: int, count: int, part: Part) -> int:
        self.result.spans.append(Span(" ".join(self.words[i : i + count]), part))
        return count

    def _at(self, day: date, clock: time | None) -> datetime:
        return datetime.combine(day, clock or time.min, tzinfo=self.now.tzinfo)

    def _escape(self, i: int) -> int:
        word = self.words[i]
        if len(word) > 1 and word.startswith("\\"):
            self.title.append(word[1:])
            return self._take(i, 1, Part.TITLE)
        return 0

    def _sigil(self, i: int) -> int:
        word, low, result = self.words[i], self.lower[i], self.result
        if low in PRIORITY_WORDS and result.priority is Priority.NONE:
            result.priority = PRIORITY_WORDS[low]
            return self._take(i, 1, Part.PRIORITY)
        estimate = _ESTIMATE.match(low)
        if estimate and (estimate[1] or estimate[2]) and result.estimate_minutes is None:
            minutes = int(estimate[1] or 0) * 60 + int(estimate[2] or 0)
            if minutes:
                result.estimate_minutes = minutes
                return self._take(i, 1, Part.ESTIMATE)
        sigil = _SIGIL.match(word)
        if sigil is None:
            return 0
        mark, name = sigil[1], sigil[2]
        if mark == "+" and not result.project:
            result.project = name
            return self._take(i, 1, Part.PROJECT)
        if mark == "#" and name not in result.tags:
            result.tags = (*result.tags, name)
            return self._take(i, 1, Part.TAG)
        if mark == "@" and not result.owner:
            result.owner = name
            return self._take(i, 1, Part.OWNER)
        return 0

    def _recurs(self, i: int) -> int:
        if self.result.recurrence:
            return 0
        found = recurrence_phrase(self.lower, i)
        if found is None:
            return 0
        count, rule = found
        self.result.recurrence = rule.encode()
        return self._take(i, count, Part.RECURRENCE)

    def _scheduled(self, i: int) -> int:
        low = self.lower[i]
        if self.result.scheduled is not None or len(low) < 2 or not low.startswith("^"):
            return 0
        found = date_phrase([low[1:]], 0, self.today)
        if found is None:
            return 0
        self.result.scheduled = found[1]
        return self._take(i, 1, Part.SCHEDULED)

    def _due(self, i: int) -> int:
        if self.due_set:
            return 0
        lead = 1 if self.lower[i] in DATE_LEADS and i + 1 < len(self.words) else 0
        found = date_phrase(self.lower, i + lead, self.today)
        if found is not None:
            count, day, clock = found
            after = time_phrase(self.lower, i + lead + count)
            if after is not None:
                count += after[0]
                clock = after[1]
            self.result.due = self._at(day, clock)
        else:
            alone = time_phrase(self.lower, i + lead)
            if alone is None or alone[1] == time.min:
                return 0
            count, clock = alone
            later_today = clock > self.now.time().replace(tzinfo=None)
            day = self.today if later_today else self.today + timedelta(days=1)
            self.result.due = self._at(day, clock)
        self.due_set = True
        return self._take(i, lead + count, Part.DUE)


def parse(text: str, now: datetime) -> Parsed:
    """Parse one quick-add line; dates are read in `now`'s timezone (pass local time)."""
    return _Parser(text, now).run()
