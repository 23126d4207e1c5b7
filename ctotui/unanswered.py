"""Unanswered: what was sent directly to me, asks me something, and still has no reply from me.

The evening check ("zero unanswered mail") and the radar read this list. A
message counts when it is addressed to me (or mentions me in chat), is not
bulk, is not cleared, asks a question in its own words (quoted lines of
earlier mail do not count), and nothing I sent later in its thread answers it.
"""

from __future__ import annotations

from datetime import datetime

from ctotui.bulk import is_bulk
from ctotui.config import Config
from ctotui.model import Message
from ctotui.radar_rules import (
    ASKING,
    BODY_HINTS,
    SUBJECT_HINTS,
    asks,
    own_words,
)
from ctotui.radar_rules import (
    UNANSWERED_LOOKBACK as LOOKBACK,
)
from ctotui.store import Store

__all__ = ["BODY_HINTS", "LOOKBACK", "SUBJECT_HINTS", "asks_something", "own_words", "unanswered"]

_ASKING = ASKING
"""The request phrases (kept here under their old name for the hint tests)."""


def asks_something(message: Message) -> bool:
    """A question mark or an explicit request in the subject or the message's own words."""
    return asks(message.subject, message.body)


def unanswered(store: Store, config: Config, now: datetime) -> list[Message]:
    """Messages to me that ask something and have no later reply from me, oldest first."""
    me = config.me_person
    result: list[Message] = []
    candidates = store.unanswered_candidates(
        now - LOOKBACK, subject_hints=SUBJECT_HINTS, body_hints=BODY_HINTS
    )
    for message in candidates:
        if message.received_at > now or is_bulk(message):
            continue
        if me is not None and me.matches(message.sender_address):
            continue
        if asks_something(message):
            result.append(message)
    return result
