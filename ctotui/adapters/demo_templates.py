"""Shapes of the demo's scripted content, and how a sender string names someone.

Templates say *what* is written and *how long ago*; the generators turn them
into model objects relative to the sync's anchor time, so the same script
always reads as "the last few days".
"""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent

from ctotui.adapters.demo_company import LOGIN_SYSTEM, PEOPLE


@dataclass(frozen=True, slots=True)
class MailTemplate:
    """One email. `sender`/`to`/`cc` hold people keys or "Name <address>" strings."""

    slug: str
    sender: str
    to: tuple[str, ...]
    subject: str
    body: str
    age_hours: float
    cc: tuple[str, ...] = ()
    thread: str = ""
    reply_to: str = ""
    read: bool | None = None
    flagged: bool = False
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChatTemplate:
    """One chat message; `channel` "dm" is a direct message to the user."""

    slug: str
    channel: str
    sender: str
    text: str
    age_hours: float
    thread: str = ""
    read: bool | None = None


DIRECT_CHANNEL = "dm"


def paragraphs(text: str) -> str:
    """A body written indented in source, as the plain text a mail client shows."""
    return dedent(text).strip() + "\n"


def mail_identity(who: str) -> tuple[str, str]:
    """(display name, address) for a people key, "Name <address>" or a bare address."""
    if who in PEOPLE:
        person = PEOPLE[who]
        return person.name, person.emails[0]
    if "<" in who and who.endswith(">"):
        name, _, address = who[:-1].partition("<")
        return name.strip(), address.strip()
    return who, who


def chat_identity(who: str) -> tuple[str, str]:
    """(display name, handle) for a people key or "Bot Name <bot-login>"; guests use email."""
    if who in PEOPLE:
        person = PEOPLE[who]
        return person.name, person.logins.get(LOGIN_SYSTEM, person.emails[0])
    return mail_identity(who)
