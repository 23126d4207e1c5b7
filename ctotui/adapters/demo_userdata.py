"""The demo user's own data: to-dos, an estimate in progress and yesterday's standup.

Sources only fill the cache; these are what the user would have typed, so the
to-do, estimate and standup screens have something real to show. Dates are
relative to "now" so there is always something overdue, due today and upcoming.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ctotui.model import (
    Estimate,
    EstimateRisk,
    EstimateTask,
    FixedCost,
    Priority,
    StandupNote,
    Todo,
    TodoStatus,
)

WIKI = "https://wiki.acme.example"
DUE_HOUR = time(17, 0, tzinfo=UTC)


def _on(now: datetime, days: int) -> datetime:
    """17:00 UTC `days` from today (negative: in the past)."""
    return datetime.combine(now.date() + timedelta(days=days), DUE_HOUR)


def _later_today(now: datetime, hours: float) -> datetime:
    """`hours` from now, but still today."""
    end_of_day = datetime.combine(now.date(), time(23, 59, 59, tzinfo=UTC))
    return min(now + timedelta(hours=hours), end_of_day)


def demo_todos(now: datetime) -> list[Todo]:
    """About a dozen to-dos across every status, due dates around `now`."""
    now = now.astimezone(UTC)
    today = now.date()

    def ago(days: float) -> datetime:
        return now - timedelta(days=days)

    return [
        Todo(
            "Answer Nora: commit to a date for the permanent order-sync fix",
            ago(0.1),
            priority=Priority.HIGH,
            due=_later_today(now, 3),
            scheduled=today,
            project="api",
            tags=("client", "northwind"),
            estimate_minutes=30,
            notes="She needs a yes or no for her board. Check with Ana first.",
        ),
        Todo(
            "Sign the Bluepeak MSA renewal",
            ago(4),
            priority=Priority.HIGH,
            due=_later_today(now, 2),
            scheduled=today,
            tags=("legal", "bluepeak"),
            estimate_minutes=20,
        ),
        Todo(
            "Review Ben's billing migration PR",
            ago(2),
            priority=Priority.HIGH,
            due=_on(now, -1),
            project="api",
            tags=("review",),
            estimate_minutes=45,
        ),
        Todo(
            "Decide on the yaml-loader security bump during the freeze",
            ago(0.3),
            priority=Priority.HIGH,
            due=_later_today(now, 4),
            project="api",
            tags=("security",),
            estimate_minutes=15,
        ),
        Todo(
            "Comment on the API v2 deprecation plan",
            ago(1.2),
            priority=Priority.MEDIUM,
            due=_on(now, 2),
            project="api",
            estimate_minutes=60,
            links=(f"{WIKI}/api/v2-deprecation",),
        ),
        Todo(
            "Send Larkspur the phase 2 estimate",
            ago(2.2),
            priority=Priority.MEDIUM,
            due=_on(now, 4),
            tags=("estimate", "client"),
            estimate_minutes=90,
        ),
        Todo(
            "Prepare the hiring plan and cloud cost forecast for the board",
            ago(6),
            priority=Priority.MEDIUM,
            due=_on(now, 6),
            tags=("board",),
            estimate_minutes=120,
        ),
        Todo(
            "Submit expenses for the offsite",
            ago(9),
            priority=Priority.LOW,
            due=_on(now, -3),
            tags=("admin",),
            estimate_minutes=15,
        ),
        Todo(
            "SFTP credentials for the new Northwind feed",
            ago(3),
            status=TodoStatus.WAITING,
            priority=Priority.MEDIUM,
            due=_on(now, 2),
            project="api",
            owner="nora",
            tags=("waiting", "northwind"),
        ),
        Todo(
            "On-call rotation for next month, final version",
            ago(4),
            status=TodoStatus.WAITING,
            priority=Priority.LOW,
            due=_on(now, 3),
            owner="gus",
            tags=("waiting",),
        ),
        Todo(
            "Evaluate self-hosted CI runners",
            ago(12),
            status=TodoStatus.SOMEDAY,
            priority=Priority.LOW,
            tags=("idea", "cost"),
            estimate_minutes=240,
        ),
        Todo(
            "Write the engineering career ladder v2",
            ago(20),
            status=TodoStatus.SOMEDAY,
            tags=("people",),
        ),
        Todo(
            "Book the API v2 architecture review",
            ago(5),
            status=TodoStatus.DONE,
            priority=Priority.MEDIUM,
            project="api",
            done_at=ago(1),
            estimate_minutes=10,
        ),
        Todo(
            "Approve Ben's time off",
            ago(3.2),
            status=TodoStatus.DONE,
            done_at=ago(2.9),
            tags=("people",),
            estimate_minutes=5,
        ),
    ]


_PHASES: tuple[tuple[str, tuple[tuple[str, str, float, float, float], ...]], ...] = (
    (
        "Discovery",
        (
            ("Stakeholder interviews and requirements", "pm", 2, 3, 5),
            ("UX flows and wireframes", "design", 3, 5, 8),
            ("Technical architecture and API contract", "backend", 2, 3, 5),
            ("Visual design and design tokens", "design", 3, 4, 7),
        ),
    ),
    (
        "Build",
        (
            ("Single sign-on with the Northwind identity provider", "backend", 3, 5, 9),
            ("Orders API: list, detail, export", "backend", 4, 6, 10),
            ("Invoices and statements API", "backend", 3, 5, 8),
            ("Portal shell, navigation and translations", "frontend", 3, 4, 6),
            ("Orders and invoices screens", "frontend", 5, 7, 12),
            ("Notifications and email digests", "backend", 2, 3, 6),
            ("Test plan and automated end-to-end suite", "qa", 3, 5, 8),
        ),
    ),
    (
        "Launch",
        (
            ("Data migration of existing wholesale accounts", "backend", 2, 4, 8),
            ("Performance and security review", "backend", 2, 3, 5),
            ("User acceptance testing with Northwind", "qa", 3, 4, 7),
            ("Go-live, monitoring and hand-over", "pm", 1, 2, 4),
        ),
    ),
)


def next_monday(day: date) -> date:
    """The first Monday after `day` (a week later when `day` is a Monday)."""
    return day + timedelta(days=7 - day.weekday())


def demo_estimate(now: datetime) -> Estimate:
    """The Northwind client portal estimate: 15 tasks in three phases."""
    tasks = [
        EstimateTask(name, role, low, likely, high, phase=phase)
        for phase, rows in _PHASES
        for name, role, low, likely, high in rows
    ]
    return Estimate(
        name="Client portal for Northwind",
        client="Northwind Traders",
        created_at=now.astimezone(UTC) - timedelta(days=2),
        description=(
            "A portal where Northwind's wholesale customers see orders, invoices and "
            "statements, with single sign-on through Northwind's identity provider.\n"
            "Assumes the order-sync fix is done and the v2 orders API is available."
        ),
        contingency_pct=15.0,
        start_date=next_monday(now.astimezone(UTC).date()),
        tasks=tasks,
        assumptions=[
            "Northwind's identity provider supports OpenID Connect.",
            "Northwind names one product owner who answers within two working days.",
            "Hosting runs on Acme's existing cloud account.",
        ],
        risks=[
            EstimateRisk("The v2 orders API slips", 0.3, impact_days=8, impact_cost=0),
            EstimateRisk("Identity provider needs custom claims", 0.2, impact_days=4),
            EstimateRisk("Penetration test finds a blocker", 0.1, impact_days=5, impact_cost=3000),
        ],
        fixed_costs=[
            FixedCost("Hosting, first year", 4800),
            FixedCost("Error monitoring licence", 1200),
        ],
    )


def demo_estimate_settings() -> dict[str, Any]:
    """The demo config's [estimates] section: rates, holidays, the team, other commitments."""
    holidays = [
        day
        for year in range(2026, 2031)
        for day in (date(year, 1, 1), date(year, 12, 24), date(year, 12, 25), date(year, 12, 26))
    ]
    return {
        "currency": "EUR",
        "hours_per_day": 8,
        "rates": {"pm": 950, "design": 800, "backend": 850, "frontend": 800, "qa": 650},
        "holidays": holidays,
        "people": [
            {"name": "ana", "role": "backend", "availability": 0.8},
            {"name": "ben", "role": "backend", "availability": 1.0},
            {"name": "chloe", "role": "frontend", "availability": 0.8},
            {
                "name": "eli",
                "role": "frontend",
                "availability": 1.0,
                "away": [{"from": date(2026, 12, 21), "to": date(2027, 1, 1)}],
            },
            {"name": "farah", "role": "qa", "availability": 1.0},
            {"name": "sam", "role": "design", "availability": 0.5},
            {"name": "robin", "role": "pm", "availability": 0.3},
        ],
        "allocations": [
            {
                "person": "ana",
                "project": "api",
                "share": 0.5,
                "from": date(2026, 1, 1),
                "to": date(2030, 12, 31),
            },
            {
                "person": "ben",
                "project": "Billing migration",
                "share": 0.6,
                "from": date(2026, 10, 1),
                "to": date(2027, 1, 29),
            },
            {
                "person": "farah",
                "project": "mobile",
                "share": 0.5,
                "from": date(2026, 1, 1),
                "to": date(2030, 12, 31),
            },
        ],
    }


def demo_standup_notes(now: datetime) -> list[StandupNote]:
    """Yesterday's notes from the api standup."""
    day = now.astimezone(UTC).date() - timedelta(days=1)
    return [
        StandupNote(
            "api",
            day,
            "ana",
            done="Found the retry queue bottleneck; reviewed the tax rules PR.",
            next="Deprecation plan for v1; pair with Ben on the billing migration.",
        ),
        StandupNote(
            "api",
            day,
            "ben",
            done="Billing migration PR ready for review.",
            next="Rounding fix for JPY invoices.",
            blockers="Needs Robin's review before Monday (out Mon-Wed).",
        ),
        StandupNote(
            "api",
            day,
            "gus",
            done="On-call rotation draft; disk alert on db-2 fixed.",
            next="yaml-loader bump on a branch.",
            blockers="Release freeze: needs an exception to ship the security fix.",
        ),
    ]
