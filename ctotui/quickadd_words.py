"""Quick add's date, time and recurrence phrases: which words they take and what they mean.

Each `*_phrase` function looks at `words[i:]` (lower-cased) and returns how many
words it used with the value, or None when the words there are not such a phrase.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from ctotui import recurrence
from ctotui.recurrence import Rule, Unit

TONIGHT = time(20, 0)
WEEKDAY_WORDS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
}
UNIT_WORDS: dict[str, Unit] = {
    "d": Unit.DAYS,
    "day": Unit.DAYS,
    "days": Unit.DAYS,
    "w": Unit.WEEKS,
    "week": Unit.WEEKS,
    "weeks": Unit.WEEKS,
    "mo": Unit.MONTHS,
    "month": Unit.MONTHS,
    "months": Unit.MONTHS,
}
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm)?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_IN = re.compile(r"^(\d{1,3})(d|w|mo)$")
_NTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")


def clock_word(word: str) -> time | None:
    if word == "noon":
        return time(12, 0)
    match = _CLOCK.match(word)
    if match is None:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half is None and match[2] is None:
        return None  # a bare number is not a time
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def time_phrase(words: list[str], i: int) -> tuple[int, time] | None:
    """`10am`, `14:30`, `at 3pm`: how many words and the time."""
    lead = 1 if i < len(words) and words[i] == "at" else 0
    if i + lead < len(words):
        found = clock_word(words[i + lead])
        if found is not None:
            return lead + 1, found
    return None


def _after_weekday(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _end_of_month(today: date) -> date:
    return recurrence.add_months(today, 0, 31)


def date_phrase(words: list[str], i: int, today: date) -> tuple[int, date, time | None] | None:
    """A date at words[i:]: how many words, the day, and a default time (tonight)."""
    word = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    third = words[i + 2] if i + 2 < len(words) else ""
    if word in ("today", "tod"):
        return 1, today, None
    if word == "tonight":
        return 1, today, TONIGHT
    if word in ("tomorrow", "tmr", "tmrw"):
        return 1, today + timedelta(days=1), None
    if word in WEEKDAY_WORDS:
        return 1, _after_weekday(today, WEEKDAY_WORDS[word]), None
    if word == "eom" or (word, nxt, third) == ("end", "of", "month"):
        return (1 if word == "eom" else 3), _end_of_month(today), None
    if word == "eow" or (word, nxt, third) == ("end", "of", "week"):
        return (1 if word == "eow" else 3), _after_weekday(today - timedelta(days=1), 4), None
    if word == "next":
        monday = today + timedelta(days=7 - today.weekday())
        if nxt == "week":
            return 2, monday, None
        if nxt == "month":
            return 2, recurrence.add_months(today, 1, 1), None
        if nxt in WEEKDAY_WORDS:
            return 2, monday + timedelta(days=WEEKDAY_WORDS[nxt]), None
    if word == "in":
        short = _IN.match(nxt)
        if short is not None:
            return 2, _shift(today, int(short[1]), UNIT_WORDS[short[2]]), None
        if nxt.isdigit() and third in UNIT_WORDS and len(nxt) <= 3:
            return 3, _shift(today, int(nxt), UNIT_WORDS[third]), None
    if _ISO.match(word):
        try:
            return 1, date.fromisoformat(word), None
        except ValueError:
            return None
    return None


def _shift(today: date, count: int, unit: Unit) -> date:
    if unit is Unit.MONTHS:
        return recurrence.add_months(today, count)
    return today + timedelta(days=count * (7 if unit is Unit.WEEKS else 1))


def recurrence_phrase(words: list[str], i: int) -> tuple[int, Rule] | None:
    if words[i] != "every" or i + 1 >= len(words):
        return None
    nxt = words[i + 1]
    third = words[i + 2] if i + 2 < len(words) else ""
    simple = {
        "day": recurrence.DAILY,
        "weekday": recurrence.WEEKDAYS_ONLY,
        "week": recurrence.every(1, Unit.WEEKS),
        "month": recurrence.every(1, Unit.MONTHS),
    }
    if nxt in simple:
        return 2, simple[nxt]
    if nxt.isdigit() and len(nxt) <= 3 and third in UNIT_WORDS and int(nxt) > 0:
        return 3, recurrence.every(int(nxt), UNIT_WORDS[third])
    nth = _NTH.match(nxt)
    if nth is not None and 1 <= int(nth[1]) <= 31:
        return 2, recurrence.monthly(int(nth[1]))
    days = nxt.split(",")
    if all(d in WEEKDAY_WORDS for d in days):
        return 2, recurrence.weekly(*(WEEKDAY_WORDS[d] for d in days))
    return None


def first_day(rule: Rule, today: date) -> date:
    """The first day on or after today that a new recurring to-do falls on."""
    if rule.kind in ("daily", "every"):
        return today
    return recurrence.next_date(rule, today - timedelta(days=1))
