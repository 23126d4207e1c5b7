"""The quick-add parser: a table of typed lines and the fields they give, and no lost words."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctotui.model import Priority, Todo, TodoStatus
from ctotui.quickadd import Part, parse, preview, to_line

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)  # a Wednesday


def at(day: int, hour: int = 0, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# (typed line, expected fields); fields not named keep their defaults.
TABLE: list[tuple[str, dict[str, Any]]] = [
    (
        "Review Q3 hosting budget tomorrow 10am !high +finance #budget @api-lead ~30m",
        {
            "title": "Review Q3 hosting budget",
            "due": at(19, 10),
            "priority": Priority.HIGH,
            "project": "finance",
            "tags": ("budget",),
            "owner": "api-lead",
            "estimate_minutes": 30,
        },
    ),
    ("Buy milk", {"title": "Buy milk"}),
    ("Buy milk today", {"title": "Buy milk", "due": at(18)}),
    ("Buy milk tod", {"title": "Buy milk", "due": at(18)}),
    ("Call home tonight", {"title": "Call home", "due": at(18, 20)}),
    ("Call home tonight at 9pm", {"title": "Call home", "due": at(18, 21)}),
    ("Send report tomorrow", {"title": "Send report", "due": at(19)}),
    ("Send report tmr", {"title": "Send report", "due": at(19)}),
    ("Send report tmrw 8am", {"title": "Send report", "due": at(19, 8)}),
    ("Tomorrow: plan", {"title": "Tomorrow: plan"}),
    ("Plan offsite friday", {"title": "Plan offsite", "due": at(20)}),
    ("Plan offsite fri", {"title": "Plan offsite", "due": at(20)}),
    ("Plan offsite on Friday", {"title": "Plan offsite", "due": at(20)}),
    ("Plan offsite by fri 5pm", {"title": "Plan offsite", "due": at(20, 17)}),
    ("Retro wednesday", {"title": "Retro", "due": at(25)}),
    ("Retro wed", {"title": "Retro", "due": at(25)}),
    ("Retro thursday", {"title": "Retro", "due": at(19)}),
    ("Retro thurs", {"title": "Retro", "due": at(19)}),
    ("Retro tue", {"title": "Retro", "due": at(24)}),
    ("Retro monday", {"title": "Retro", "due": at(23)}),
    ("Retro saturday", {"title": "Retro", "due": at(21)}),
    ("Retro sunday", {"title": "Retro", "due": at(22)}),
    ("Hiring plan next week", {"title": "Hiring plan", "due": at(23)}),
    ("Hiring plan next month", {"title": "Hiring plan", "due": at(1, month=12)}),
    ("Hiring plan next fri", {"title": "Hiring plan", "due": at(27)}),
    ("Hiring plan next mon 9am", {"title": "Hiring plan", "due": at(23, 9)}),
    ("Renew cert in 3d", {"title": "Renew cert", "due": at(21)}),
    ("Renew cert in 2w", {"title": "Renew cert", "due": at(2, month=12)}),
    ("Renew cert in 1mo", {"title": "Renew cert", "due": at(18, month=12)}),
    ("Renew cert in 3 days", {"title": "Renew cert", "due": at(21)}),
    ("Renew cert in 2 weeks", {"title": "Renew cert", "due": at(2, month=12)}),
    ("Renew cert in 3 months", {"title": "Renew cert", "due": at(18, month=2, year=2027)}),
    ("Invoices end of month", {"title": "Invoices", "due": at(30)}),
    ("Invoices eom", {"title": "Invoices", "due": at(30)}),
    ("Invoices end of week", {"title": "Invoices", "due": at(20)}),
    ("Invoices eow", {"title": "Invoices", "due": at(20)}),
    ("Board deck 2026-12-03", {"title": "Board deck", "due": at(3, month=12)}),
    ("Board deck 2026-12-03 14:30", {"title": "Board deck", "due": at(3, 14, 30, month=12)}),
    ("Board deck due 2027-01-15", {"title": "Board deck", "due": at(15, month=1, year=2027)}),
    ("Board deck 2026-02-30", {"title": "Board deck 2026-02-30"}),
    ("Call vendor 3pm", {"title": "Call vendor", "due": at(18, 15)}),
    ("Call vendor at 3pm", {"title": "Call vendor", "due": at(18, 15)}),
    ("Call vendor 8am", {"title": "Call vendor", "due": at(19, 8)}),
    ("Call vendor 10:15", {"title": "Call vendor", "due": at(18, 10, 15)}),
    ("Call vendor at noon", {"title": "Call vendor", "due": at(18, 12)}),
    ("Call vendor 12am tomorrow", {"title": "Call vendor 12am", "due": at(19)}),
    ("Call vendor 25:00", {"title": "Call vendor 25:00"}),
    ("Call vendor 13pm", {"title": "Call vendor 13pm"}),
    ("Look at the logs", {"title": "Look at the logs"}),
    ("Read chapter 12", {"title": "Read chapter 12"}),
    ("Decide on hosting", {"title": "Decide on hosting"}),
    ("Fix bug !high", {"title": "Fix bug", "priority": Priority.HIGH}),
    ("Fix bug !h", {"title": "Fix bug", "priority": Priority.HIGH}),
    ("Fix bug !!!", {"title": "Fix bug", "priority": Priority.HIGH}),
    ("Fix bug !med", {"title": "Fix bug", "priority": Priority.MEDIUM}),
    ("Fix bug !!", {"title": "Fix bug", "priority": Priority.MEDIUM}),
    ("Fix bug !low", {"title": "Fix bug", "priority": Priority.LOW}),
    ("Fix bug !", {"title": "Fix bug", "priority": Priority.LOW}),
    ("Fix bug !high !low", {"title": "Fix bug !low", "priority": Priority.HIGH}),
    ("Fix bug !urgent", {"title": "Fix bug !urgent"}),
    ("Update docs +api", {"title": "Update docs", "project": "api"}),
    ("Update docs +api +web", {"title": "Update docs +web", "project": "api"}),
    ("Update docs #writing #docs", {"title": "Update docs", "tags": ("writing", "docs")}),
    ("Update docs #docs #docs", {"title": "Update docs #docs", "tags": ("docs",)}),
    ("C# guide", {"title": "C# guide"}),
    ("1 + 1 check", {"title": "1 + 1 check"}),
    ("Mail a@b.example", {"title": "Mail a@b.example"}),
    ("Spec review @dana", {"title": "Spec review", "owner": "dana", "status": TodoStatus.WAITING}),
    ("Spec review @dana @lee", {"title": "Spec review @lee", "owner": "dana"}),
    ("Write RFC ~45m", {"title": "Write RFC", "estimate_minutes": 45}),
    ("Write RFC ~2h", {"title": "Write RFC", "estimate_minutes": 120}),
    ("Write RFC ~1h30m", {"title": "Write RFC", "estimate_minutes": 90}),
    ("Write RFC ~0m", {"title": "Write RFC ~0m"}),
    ("Write RFC ~soon", {"title": "Write RFC ~soon"}),
    ("Plan sprint ^fri", {"title": "Plan sprint", "scheduled": date(2026, 11, 20)}),
    ("Plan sprint ^today", {"title": "Plan sprint", "scheduled": date(2026, 11, 18)}),
    ("Plan sprint ^2026-12-01", {"title": "Plan sprint", "scheduled": date(2026, 12, 1)}),
    ("Plan sprint ^someday", {"title": "Plan sprint ^someday"}),
    ("Water plants every day", {"title": "Water plants", "recurrence": "daily", "due": at(18)}),
    (
        "Check alerts every weekday 9am",
        {"title": "Check alerts", "recurrence": "weekdays", "due": at(19, 9)},
    ),
    (
        "1:1 with Sam every mon,thu",
        {"title": "1:1 with Sam", "recurrence": "weekly:mon,thu", "due": at(19)},
    ),
    ("Payroll every 25th", {"title": "Payroll", "recurrence": "monthly:25", "due": at(25)}),
    ("Backup every 3 days", {"title": "Backup", "recurrence": "every:3:days", "due": at(18)}),
    ("Report every 2 weeks", {"title": "Report", "recurrence": "every:2:weeks"}),
    ("Report every month fri", {"recurrence": "every:1:months", "due": at(20)}),
    ("Report every week", {"title": "Report", "recurrence": "every:1:weeks"}),
    ("Report every so often", {"title": "Report every so often", "recurrence": ""}),
    ("Sync every friday ^thu", {"scheduled": date(2026, 11, 19), "due": None}),
    ("today tomorrow", {"title": "tomorrow", "due": at(18)}),
    ("Move \\tomorrow item", {"title": "Move tomorrow item", "due": None}),
    ("Ship \\+web", {"title": "Ship +web", "project": ""}),
    ("  spaced   out   words  ", {"title": "spaced out words"}),
    ("", {"title": ""}),
]


@pytest.mark.parametrize(("line", "expected"), TABLE, ids=[line for line, _ in TABLE])
def test_quick_add_table(line: str, expected: dict[str, Any]) -> None:
    parsed = parse(line, NOW)
    todo = parsed.to_todo(NOW)
    for name, value in expected.items():
        assert getattr(todo, name) == value, name


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 60


def test_spans_say_what_each_word_became() -> None:
    parsed = parse("Review budget tomorrow 10am !high +finance", NOW)
    assert [(s.text, s.part) for s in parsed.spans] == [
        ("Review", Part.TITLE),
        ("budget", Part.TITLE),
        ("tomorrow 10am", Part.DUE),
        ("!high", Part.PRIORITY),
        ("+finance", Part.PROJECT),
    ]


def test_preview_names_every_field_set() -> None:
    parsed = parse("Pay vendors every 1st !high +ops #money @kim ~1h", NOW)
    labels = dict(preview(parsed))
    assert labels["Title"] == "Pay vendors"
    assert labels["Due"] == "Tue 01 Dec 2026"
    assert labels["Repeats"] == "monthly on the 1st"
    assert labels["Waiting for"] == "kim"
    assert labels["Estimate"] == "1h"


WORDS = st.one_of(
    st.sampled_from(
        [
            "today",
            "tonight",
            "tomorrow",
            "fri",
            "next",
            "week",
            "in",
            "3d",
            "2",
            "weeks",
            "every",
            "day",
            "mon,thu",
            "15th",
            "end",
            "of",
            "month",
            "at",
            "on",
            "by",
            "10am",
            "14:30",
            "noon",
            "!high",
            "!",
            "+api",
            "#ops",
            "@kim",
            "~30m",
            "^fri",
            "2026-12-01",
            "\\today",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Cc")), min_size=1),
)


@given(st.lists(WORDS, max_size=14))
def test_parsing_never_loses_a_word(words: list[str]) -> None:
    line = " ".join(words)
    parsed = parse(line, NOW)
    typed = line.split()
    # Every word typed is in exactly one span, in order.
    assert " ".join(s.text for s in parsed.spans).split() == typed
    # Words that did not become a field are in the title (escaped ones without "\").
    kept = [
        w[1:] if len(w) > 1 and w.startswith("\\") else w
        for s in parsed.spans
        if s.part is Part.TITLE
        for w in s.text.split()
    ]
    assert parsed.title.split() == kept


@given(st.lists(WORDS, min_size=1, max_size=10))
def test_a_title_written_back_as_a_line_parses_to_the_same_title(words: list[str]) -> None:
    title = " ".join(" ".join(words).split())
    line = to_line(Todo(title=title, created_at=NOW), NOW)
    parsed = parse(line, NOW)
    assert parsed.title == title
    assert parsed.due is None and parsed.priority is Priority.NONE and not parsed.tags


@pytest.mark.parametrize(
    "line",
    [
        "Review Q3 hosting budget tomorrow 10am !high +finance #budget #q3 @api-lead ~1h30m",
        "Payroll every 25th ^2026-11-24",
        "Standup notes every mon,wed,fri",
        "Backup every 3 days 2026-12-01",
        "Report every 2 weeks",
        "Inbox zero every weekday",
        "Retro \\friday on fri",
    ],
)
def test_every_field_survives_a_round_trip_through_a_line(line: str) -> None:
    todo = parse(line, NOW).to_todo(NOW)
    again = parse(to_line(todo, NOW), NOW).to_todo(NOW)
    assert again == todo
