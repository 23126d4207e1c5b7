"""Importance scoring for the inbox: explainable rules, no magic.

A message's score (0-100) decides whether it lands in the Important split;
`reasons` says why, so the user can trust (or correct) the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from ctotui.model import Message, Person

_URGENT = re.compile(
    r"\b(urgent|asap|outage|incident|down|escalat\w*|deadline|p0|sev[ -]?[12]|"
    r"breach|vulnerabilit\w*|blocked|critical|today)\b",
    re.IGNORECASE,
)
_BULK_SENDER = re.compile(
    r"(no-?reply|newsletter|notifications?|digest|mailer|marketing|updates?@|bot\b)",
    re.IGNORECASE,
)
BULK_CAP = 20


@dataclass(frozen=True, slots=True)
class Score:
    value: int
    reasons: tuple[str, ...]


def find_person(identity: str, people: Mapping[str, Person]) -> Person | None:
    """The configured person owning an address or login, if any."""
    for person in people.values():
        if person.matches(identity):
            return person
    return None


def score_message(
    message: Message,
    *,
    people: Mapping[str, Person],
    me: Person | None,
    now: datetime,
) -> Score:
    """How much this message needs the user, with the rules that fired."""
    if message.from_me or (me is not None and me.matches(message.sender_address)):
        return Score(0, ("sent by me",))
    value = 0
    reasons: list[str] = []

    def add(points: int, reason: str) -> None:
        nonlocal value
        value += points
        reasons.append(reason)

    sender = find_person(message.sender_address, people)
    if sender is not None and sender.vip:
        add(35, "VIP sender")
    elif sender is not None:
        add(10, "known sender")
    if message.is_direct:
        add(25, "direct message" if message.kind == "chat" else "addressed to me")
    if message.mentions_me:
        add(25, "mentions me")
    if _URGENT.search(message.subject) or (message.kind == "chat" and _URGENT.search(message.body)):
        add(25, "urgent words")
    if (message.is_direct or message.mentions_me) and "?" in message.body[:2000]:
        add(15, "asks a question")
    if message.is_flagged:
        add(20, "flagged")
    if sender is not None and message.is_direct and now - message.received_at > timedelta(hours=24):
        add(10, "waiting over a day")
    bulk = message.is_list or bool(
        _BULK_SENDER.search(message.sender_address) or _BULK_SENDER.search(message.sender_name)
    )
    if bulk and not message.is_flagged and (sender is None or not sender.vip):
        reasons.append("bulk or automated: capped")
        value = min(value, BULK_CAP)
    return Score(max(0, min(100, value)), tuple(reasons))
