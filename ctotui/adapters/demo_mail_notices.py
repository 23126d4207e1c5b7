"""The demo inbox's inside noise: calendar notices, company announcements,
notifications, and monitoring alerts that fire and resolve.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctotui.adapters.demo_mail_noise import NoiseMail
from ctotui.adapters.demo_templates import paragraphs as _b

ALL_STAFF = "Everyone <all@acme.example>"


@dataclass(frozen=True, slots=True)
class AlertPair:
    """A monitoring alert that fires and later resolves, in one thread."""

    slug: str
    check: str
    detail: str


NOTICES: tuple[NoiseMail, ...] = (
    NoiseMail(
        "cal-arch-review",
        "Ana Ortiz <calendar-noreply@acme.example>",
        "Invitation: Architecture review - API v2 @ Thu 14:00-15:00 (UTC)",
        _b("""
            Ana Ortiz has invited you to: Architecture review - API v2

            When: Thursday 14:00-15:00 UTC
            Where: Room Orion / video link in the invitation
            Guests: Ana Ortiz, Ben Okafor, Gus Moreno, Robin Avery

            Going? Yes - Maybe - No
        """),
        labels=("calendar",),
    ),
    NoiseMail(
        "cal-qbr",
        "Nora Lindgren <calendar-noreply@northwind.example>",
        "Updated invitation: Northwind quarterly review moved to Friday 10:00",
        _b("""
            This event has been changed.

            Northwind / Acme quarterly business review
            When: Friday 10:00-11:30 UTC (was Thursday 15:00)
            Guests: Nora Lindgren, Marcus Hale, Robin Avery, Ana Ortiz
        """),
        labels=("calendar",),
    ),
    NoiseMail(
        "cal-accepted",
        "Ana Ortiz <calendar-noreply@acme.example>",
        "Accepted: 1:1 Robin / Ana",
        _b("""
            Ana Ortiz has accepted this invitation.

            1:1 Robin / Ana
            When: weekly on Tuesday 09:30-10:00 UTC
        """),
        labels=("calendar",),
    ),
    NoiseMail(
        "cal-board",
        "Calendar <calendar-noreply@acme.example>",
        "Reminder: Board prep with finance @ 16:00",
        _b("""
            Reminder: Board prep with finance
            When: 16:00-17:00 UTC

            Notes: bring the hiring plan and the cloud cost forecast.
        """),
        labels=("calendar",),
    ),
    NoiseMail(
        "cal-declined",
        "Gus Moreno <calendar-noreply@acme.example>",
        "Declined: Hiring sync",
        _b("""
            Gus Moreno has declined this invitation.

            Hiring sync
            Note: on call this week, will read the notes.
        """),
        labels=("calendar",),
    ),
    NoiseMail(
        "cal-retro",
        "Chloé Lambert <calendar-noreply@acme.example>",
        "Invitation: Web 2.12 release retro @ Mon 11:00",
        _b("""
            Chloé Lambert has invited you to: Web 2.12 release retro

            When: Monday 11:00-11:45 UTC
            Guests: Chloé Lambert, Eli Brandt, Farah Nasser, Robin Avery
        """),
        labels=("calendar",),
    ),
    NoiseMail(
        "cal-lunch",
        "People Ops <calendar-noreply@acme.example>",
        "Invitation: Lunch & learn - writing good incident reviews",
        _b("""
            People Ops has invited you to: Lunch & learn - writing good incident reviews

            When: Wednesday 12:30-13:30 UTC
            Food will be provided; tell us about dietary needs in the sign-up sheet.
        """),
        labels=("calendar",),
    ),
    NoiseMail(
        "ops-expenses",
        "People Ops <people@acme.example>",
        "Reminder: submit expenses by the 25th",
        _b("""
            Hi everyone,

            Please submit this month's expenses in the finance tool by the 25th so
            they are paid with the next salary run. Receipts are required for
            anything above 25 USD.

            People Ops
        """),
        to=(ALL_STAFF,),
    ),
    NoiseMail(
        "ops-offsite",
        "People Ops <people@acme.example>",
        "Team offsite: travel booking opens Monday",
        _b("""
            Hi all,

            Travel booking for the team offsite opens on Monday. Please book
            through the travel tool so we get the group rate at the hotel.

            Agenda suggestions are welcome in the offsite doc.
        """),
        to=(ALL_STAFF,),
    ),
    NoiseMail(
        "ops-security-training",
        "IT <it@acme.example>",
        "Annual security awareness training due in 7 days",
        _b("""
            Hello Robin,

            Your annual security awareness training is due in 7 days. It takes
            about 20 minutes.

            Start the course from the intranet home page.
        """),
    ),
    NoiseMail(
        "ops-laptop",
        "IT <it@acme.example>",
        "Your laptop will restart tonight for updates",
        _b("""
            A required operating system update is scheduled for tonight at 22:00
            local time. Save your work before leaving.

            If you are travelling, you can postpone the restart once by 24 hours.
        """),
    ),
    NoiseMail(
        "ops-allhands",
        "CEO Office <ceo-office@acme.example>",
        "All-hands on Friday: agenda and questions",
        _b("""
            Hi everyone,

            Friday's all-hands covers the quarter's numbers, the new Bluepeak
            routing contract and the office move. Submit questions anonymously
            through the form linked on the intranet.
        """),
        to=(ALL_STAFF,),
    ),
    NoiseMail(
        "northwind-ap",
        "Northwind Accounts Payable <ap@northwind.example>",
        "Remittance advice: invoice INV-2291 paid",
        _b("""
            Dear supplier,

            Please find the remittance advice for invoice INV-2291 (amount
            18,400.00 USD), paid by bank transfer today.

            This is an automated message; please do not reply.
        """),
        labels=("billing",),
    ),
    NoiseMail(
        "github-digest",
        "Tracker <notifications@tracker.acme.example>",
        "Your daily digest: 14 updates in acme/api, acme/web, acme/mobile",
        _b("""
            acme/api: 6 pull requests updated, 2 merged
            acme/web: 4 issues updated, 1 closed
            acme/mobile: 2 pull requests opened

            Open the tracker to see the details.
        """),
    ),
)


ALERT_PAIRS: tuple[AlertPair, ...] = (
    AlertPair("alert-disk", "db-2 disk usage", "disk usage 87% (threshold 85%)"),
    AlertPair("alert-queue", "order-sync queue depth", "12,480 messages (threshold 10,000)"),
    AlertPair("alert-cert", "certificate portal.acme.example", "expires in 13 days"),
    AlertPair("alert-latency", "web p95 latency", "1.9 s (threshold 1.2 s)"),
    AlertPair("alert-backup", "nightly backup acme-prod-db", "job did not finish in 2 h"),
    AlertPair("alert-memory", "worker-3 memory", "93% for 10 minutes (threshold 90%)"),
)
