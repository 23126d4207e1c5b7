"""Turns the scripted threads and the noise pool into the demo's mail as `Message`s.

The seed decides which noise appears, exact ages and read states; the scripted
threads always appear so every demo shows an incident, an escalation, a
deadline and an advisory among the noise.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

from ctotui.adapters.demo_company import ME_EMAIL
from ctotui.adapters.demo_history import History
from ctotui.adapters.demo_mail_noise import MARKETING, NoiseMail
from ctotui.adapters.demo_mail_notices import ALERT_PAIRS, NOTICES, AlertPair
from ctotui.adapters.demo_mail_team import TEAM_THREADS
from ctotui.adapters.demo_mail_threads import MONITOR, ONCALL, URGENT_THREADS
from ctotui.adapters.demo_templates import MailTemplate, mail_identity
from ctotui.model import Message, MessageKind

NOISE_COUNT = 30
ALERT_PAIR_COUNT = 4
DAY_HOURS = 24.0
THREADS = URGENT_THREADS + TEAM_THREADS
NOISE = MARKETING + NOTICES


def mail_remote_id(slug: str) -> str:
    return f"mail-{slug}"


def generate_mail(source: str, seed: int, history: History) -> list[Message]:
    """All history mail for one seed, oldest first."""
    rng = random.Random(f"{seed}/mail")
    templates = _scripted(rng, history) + _noise(rng, history) + _alerts(rng, history)
    messages = [_message(source, t, history, rng) for t in templates]
    return sorted(messages, key=lambda m: (m.received_at, m.remote_id))


def _scripted(rng: random.Random, history: History) -> list[MailTemplate]:
    """The threads with jittered ages, squeezed into short histories, replies after parents."""
    oldest = max(t.age_hours for t in THREADS)
    scale = min(1.0, 0.95 * history.hours / oldest)
    ages: dict[str, float] = {}
    out: list[MailTemplate] = []
    for t in THREADS:
        age = t.age_hours * scale * rng.uniform(0.93, 1.07)
        if t.reply_to:
            parent = ages[t.reply_to]
            if age >= parent:
                age = parent * 0.9
        ages[t.slug] = age
        out.append(replace(t, age_hours=age))
    return out


def _noise(rng: random.Random, history: History) -> list[MailTemplate]:
    fixed = [n for n in NOISE if n.always]
    optional = [n for n in NOISE if not n.always]
    picked = fixed + rng.sample(optional, NOISE_COUNT - len(fixed))
    return [_from_noise(n, rng.uniform(0.4, history.hours - 0.1)) for n in picked]


def _alerts(rng: random.Random, history: History) -> list[MailTemplate]:
    out: list[MailTemplate] = []
    for pair in rng.sample(ALERT_PAIRS, ALERT_PAIR_COUNT):
        fired = rng.uniform(2.0, history.hours - 0.1)
        resolved = fired - rng.uniform(0.2, min(3.0, fired - 1.0))
        out.extend(_alert_pair(pair, fired, resolved))
    return out


def _alert_pair(pair: AlertPair, fired: float, resolved: float) -> list[MailTemplate]:
    def body(state: str) -> str:
        return (
            f"Alert: {pair.check}\nState: {state}\nValue: {pair.detail}\n\n"
            f"Dashboard: https://monitor.acme.example/d/{pair.slug}\n"
            "Runbook: https://wiki.acme.example/runbooks\n"
        )

    firing = MailTemplate(
        slug=f"{pair.slug}-firing",
        sender=MONITOR,
        to=(ONCALL,),
        cc=("cto",),
        subject=f"[FIRING] {pair.check}: {pair.detail}",
        body=body("firing"),
        age_hours=fired,
        labels=("alert",),
    )
    return [
        firing,
        MailTemplate(
            slug=f"{pair.slug}-resolved",
            sender=MONITOR,
            to=(ONCALL,),
            cc=("cto",),
            subject=f"[RESOLVED] {pair.check}: {pair.detail}",
            body=body("resolved after " + _duration(fired - resolved)),
            age_hours=resolved,
            thread=firing.slug,
            reply_to=firing.slug,
            labels=("alert",),
        ),
    ]


def _duration(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


def _from_noise(n: NoiseMail, age: float) -> MailTemplate:
    return MailTemplate(
        slug=n.slug,
        sender=n.sender,
        to=n.to,
        subject=n.subject,
        body=n.body,
        age_hours=age,
        labels=n.labels,
    )


def _message(source: str, t: MailTemplate, history: History, rng: random.Random) -> Message:
    from_me = mail_identity(t.sender)[1].lower() == ME_EMAIL
    read = from_me or (
        t.read if t.read is not None else rng.random() < (0.85 if t.age_hours > DAY_HOURS else 0.25)
    )
    return mail_message(source, t, at=history.ago(t.age_hours), read=read)


def mail_message(source: str, t: MailTemplate, *, at: datetime, read: bool) -> Message:
    """A `Message` from a template, people resolved to names and addresses."""
    name, address = mail_identity(t.sender)
    recipients = tuple(mail_identity(x)[1] for x in t.to)
    from_me = address.lower() == ME_EMAIL
    return Message(
        source=source,
        remote_id=mail_remote_id(t.slug),
        kind=MessageKind.MAIL,
        folder="Sent" if from_me else "INBOX",
        sender_name=name,
        sender_address=address,
        subject=t.subject,
        body=t.body,
        received_at=at,
        recipients=recipients,
        cc=tuple(mail_identity(x)[1] for x in t.cc),
        thread_id=mail_remote_id(t.thread or t.slug),
        in_reply_to=mail_remote_id(t.reply_to) if t.reply_to else "",
        is_read=read or from_me,
        is_flagged=t.flagged,
        is_direct=any(r.lower() == ME_EMAIL for r in recipients),
        from_me=from_me,
        is_list=bool({"newsletter", "alert"} & set(t.labels)),
        labels=t.labels,
    )
