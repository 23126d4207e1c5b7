"""Importance scoring for the inbox: explainable rules, no magic.

A message's score (0-100) decides whether it lands in the Important split;
`reasons` says why, so the user can trust (or correct) the ranking. The
`[triage]` config adds the user's own rules (VIPs, team and client domains,
keywords) and named splits, carried here as `TriageRules`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ctotui.bulk import is_bulk
from ctotui.model import Message, Person

if TYPE_CHECKING:
    from ctotui.config import Config

_URGENT = re.compile(
    r"\b(urgent|asap|outage|incident|down|escalat\w*|deadline|p0|sev[ -]?[12]|"
    r"breach|vulnerabilit\w*|blocked|critical|today)\b",
    re.IGNORECASE,
)
BULK_CAP = 20
WAITING_HOURS = 4


@dataclass(frozen=True, slots=True)
class SplitRule:
    """A user-defined inbox split: a name and a search query (see `ctotui.search_query`)."""

    name: str
    query: str


@dataclass(frozen=True, slots=True)
class TriageRules:
    """The `[triage]` config: who and what matters to this user."""

    vips: tuple[str, ...] = ()
    team_domains: tuple[str, ...] = ()
    client_domains: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    splits: tuple[SplitRule, ...] = ()

    def is_vip(self, address: str, person: Person | None) -> bool:
        lowered = address.lower()
        return any(v.lower() == lowered or (person and v == person.key) for v in self.vips)


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def _in_domains(address: str, domains: tuple[str, ...]) -> bool:
    domain = _domain(address)
    return any(domain == d.lower() or domain.endswith("." + d.lower()) for d in domains)


def _keyword(message: Message, keywords: tuple[str, ...]) -> str | None:
    haystack = f"{message.subject}\n{message.body[:4000]}".lower()
    for word in keywords:
        if re.search(r"(?<!\w)" + re.escape(word.lower()) + r"(?!\w)", haystack):
            return word
    return None


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
    rules: TriageRules | None = None,
    replies_to_me: bool = False,
) -> Score:
    """How much this message needs the user, with the rules that fired.

    `replies_to_me` says the message answers something the user sent (the
    caller knows the user's sent mail; this function sees one message).
    """
    rules = rules or TriageRules()
    if message.from_me or (me is not None and me.matches(message.sender_address)):
        return Score(0, ("sent by me",))
    value = 0
    reasons: list[str] = []

    def add(points: int, reason: str) -> None:
        nonlocal value
        value += points
        reasons.append(reason)

    sender = find_person(message.sender_address, people)
    vip = (sender is not None and sender.vip) or rules.is_vip(message.sender_address, sender)
    if vip:
        add(35, "VIP sender")
    elif sender is not None:
        add(10, "known sender")
    if _in_domains(message.sender_address, rules.client_domains):
        add(20, "client domain")
    elif _in_domains(message.sender_address, rules.team_domains):
        add(10, "my team")
    if message.is_direct:
        add(25, "direct message" if message.kind == "chat" else "addressed to me")
    elif me is not None and any(me.matches(a) for a in message.cc):
        add(5, "cc to me")
    if message.mentions_me:
        add(25, "mentions me")
    if _URGENT.search(message.subject) or (message.kind == "chat" and _URGENT.search(message.body)):
        add(25, "urgent words")
    if (message.is_direct or message.mentions_me) and "?" in message.body[:2000]:
        add(15, "asks a question")
    keyword = _keyword(message, rules.keywords)
    if keyword is not None:
        add(15, f"keyword {keyword!r}")
    if replies_to_me:
        add(15, "reply to my message")
    if message.is_flagged:
        add(20, "flagged")
    waited = now - message.received_at
    if sender is not None and message.is_direct and waited > timedelta(hours=24):
        add(10, f"waiting {waited.days} d")
    elif message.is_direct and waited > timedelta(hours=WAITING_HOURS):
        reasons.append(f"waiting {int(waited.total_seconds() // 3600)} h")
    bulk = is_bulk(message)
    if bulk and not message.is_flagged and not vip:
        reasons.append("bulk or automated: capped")
        value = min(value, BULK_CAP)
    return Score(max(0, min(100, value)), tuple(reasons))


def score_with_config(
    message: Message, config: Config, now: datetime, *, replies_to_me: bool = False
) -> Score:
    """`score_message` with the people, the user and the rules of `config`.

    The one way sync, re-ranking, the inbox and its JSON listing score a
    message, so the stored rank and the reasons shown always agree.
    """
    return score_message(
        message,
        people=config.people,
        me=config.me_person,
        now=now,
        rules=config.triage,
        replies_to_me=replies_to_me,
    )
