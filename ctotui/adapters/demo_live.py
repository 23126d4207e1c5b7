"""Live arrivals: new demo messages that keep coming while the app stays open.

Arrival `i` lands `(i + 1) * 45` minutes after the anchor, alternating mail and
chat; its content depends only on the seed and `i`, so a sync that knows how
many were delivered never sends one twice and never skips one.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from textwrap import dedent

from ctotui.adapters.demo_chat import DEPLOY_BOT, MENTION, chat_message
from ctotui.adapters.demo_mail import mail_message
from ctotui.adapters.demo_templates import DIRECT_CHANNEL, ChatTemplate, MailTemplate
from ctotui.model import Message

LIVE_INTERVAL = timedelta(minutes=45)
LIVE_CAP = 40
FIRST_LIVE_ISSUE = 213

MAIL_POOL: tuple[tuple[str, str, str], ...] = (
    (
        "ana",
        "Hotfix 4.18.1 deployed: pool size restored",
        """
        Robin,

        The hotfix is in production and the 5xx rate is back under 0.5%. I will
        write the incident review tomorrow morning; the config default gets a
        test so it cannot silently change again.

        Ana
        """,
    ),
    (
        "Owen Brooks <owen.brooks@larkspur.example>",
        "Any update on the phase 2 estimate?",
        """
        Hello Robin,

        Our finance committee meets next week. Could you tell me whether the
        estimate will be ready before then, even as a range?

        Regards,
        Owen
        """,
    ),
    (
        "Calendar <calendar-noreply@acme.example>",
        "Invitation: Incident review - checkout 502s",
        """
        Gus Moreno has invited you to: Incident review - checkout 502s

        When: tomorrow 10:00-10:45 UTC
        Guests: Gus Moreno, Ana Ortiz, Ben Okafor, Robin Avery
        """,
    ),
    (
        "Tracker <notifications@tracker.acme.example>",
        "[acme/api] Review requested: billing migration (new commits)",
        """
        ben-dev requested your review on "Billing migration: move invoices to the
        v2 tables".

        2 files changed since your last visit.
        """,
    ),
    (
        "dara",
        "3.4.1 resubmitted to store review",
        """
        Hi Robin,

        The build with the in-app account deletion screen is resubmitted. Review
        usually takes one to two days; I told marketing the launch moves to
        Thursday.

        Dara
        """,
    ),
    (
        "Jamie at TalentBridge <jamie@talentbridge.example>",
        "Last note about the VP Engineering role",
        """
        Hi Robin,

        I will stop reaching out after this one - if the timing changes, my door
        is open.

        Jamie
        """,
    ),
    (
        "Backend Weekly <issue@backendweekly.example>",
        "Backend Weekly #{issue}: [italic]queues[/italic], retries and idempotency",
        """
        This week: designing retries that do not amplify outages, and a field
        guide to idempotency keys.
        """,
    ),
    (
        "eli",
        "Can I take the dark mode epic?",
        """
        Hi Robin,

        Chloé said it is up for grabs next sprint. I would love to take it; the
        checkout flakiness work is almost done.

        Eli
        """,
    ),
)

CHAT_POOL: tuple[tuple[str, str, str], ...] = (
    (DEPLOY_BOT, "#deploys", "api 4.18.1 deployed to production by ana-api."),
    ("gus", "#incidents", "Error rate back to normal. Keeping the incident open 30 more minutes."),
    ("ana", DIRECT_CHANNEL, "Hotfix is out. Incident review tomorrow 10:00, does that work?"),
    ("chloe", "#eng-web", f"{MENTION} OK to ship 2.12 with the date-picker issue documented?"),
    ("ben", "#eng-api", "Billing migration PR updated with the rounding fix."),
    ("dara", "#mobile", "Resubmitted 3.4 to store review. Fingers crossed."),
    ("farah", DIRECT_CHANNEL, "Signed off web 2.12 on staging, waiting for your go."),
    ("nora", "#ext-northwind", f"Thanks for the update, {MENTION}. Waiting for the written plan."),
    ("CI <ci-bot>", "#eng-api", "main passed in 7m04s (acme/api)."),
    ("eli", "#eng-web", "Lunch anyone? \U0001f35c"),
)


def live_due(anchor: datetime, now: datetime) -> int:
    """How many live messages exist by `now`: one per 45 minutes, capped."""
    elapsed = now - anchor
    if elapsed < LIVE_INTERVAL:
        return 0
    return min(LIVE_CAP, int(elapsed / LIVE_INTERVAL))


def live_messages(
    source: str,
    seed: int,
    anchor: datetime,
    indexes: range,
    *,
    mail: bool,
    chat: bool,
) -> list[Message]:
    """Live messages `indexes` (mail on even, chat on odd when both feeds are on)."""
    if not (mail or chat):
        return []
    out: list[Message] = []
    for i in indexes:
        as_mail = mail and (not chat or i % 2 == 0)
        turn = i // 2 if mail and chat else i
        at = anchor + LIVE_INTERVAL * (i + 1)
        make = _mail if as_mail else _chat
        out.append(make(source, seed, i, turn, at))
    return out


def _pick(seed: int, kind: str, turn: int, size: int) -> int:
    """Pool position of a kind's `turn`-th arrival: a seed-shuffled cycle, so neighbours differ."""
    order = list(range(size))
    random.Random(f"{seed}/live/{kind}").shuffle(order)
    return order[turn % size]


def _mail(source: str, seed: int, i: int, turn: int, at: datetime) -> Message:
    sender, subject, body = MAIL_POOL[_pick(seed, "mail", turn, len(MAIL_POOL))]
    template = MailTemplate(
        slug=f"live-{i:02d}",
        sender=sender,
        to=("cto",),
        subject=subject.replace("{issue}", str(FIRST_LIVE_ISSUE + turn)),
        body=dedent(body).strip() + "\n",
        age_hours=0.0,
    )
    return mail_message(source, template, at=at, read=False)


def _chat(source: str, seed: int, i: int, turn: int, at: datetime) -> Message:
    sender, channel, text = CHAT_POOL[_pick(seed, "chat", turn, len(CHAT_POOL))]
    template = ChatTemplate(
        slug=f"live-{i:02d}",
        channel=channel,
        sender=sender,
        text=text,
        age_hours=0.0,
    )
    return chat_message(source, template, at, read=False)
