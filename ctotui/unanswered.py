"""Unanswered: what was sent directly to me, asks me something, and still has no reply from me.

The evening check ("zero unanswered mail") and the radar read this list. A
message counts when it is addressed to me (or mentions me in chat), is not
bulk, is not cleared, asks a question in its own words (quoted lines of
earlier mail do not count), and nothing I sent later in its thread answers it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from ctotui.bulk import is_bulk
from ctotui.config import Config
from ctotui.model import Message
from ctotui.store import Store

LOOKBACK = timedelta(days=30)
_QUOTE_HEADER = re.compile(r"^On .{4,200} wrote:\s*$")
_ASKING = re.compile(
    r"\b(can|could|would|will) you\b|\bplease (confirm|advise|let me know|review|approve)\b|"
    r"\blet me know\b|\bany (thoughts|update|news)\b",
    re.IGNORECASE,
)
SUBJECT_HINTS: tuple[str, ...] = ("?",)
BODY_HINTS: tuple[str, ...] = ("?", "you", "plea", "let me", "any")
"""Fragments that `asks_something` cannot be true without (one in the subject or body).

The store reads only messages holding one of them, so the rule's Python check
runs on likely questions, not on a month of mail. Each `_ASKING` alternative
contains one of the body fragments; they are plain ASCII letters, whose
case-insensitive match in SQL (LIKE) agrees with the regex's.
"""


def own_words(body: str) -> str:
    """The message's own text: quoted lines and everything after a quote header dropped."""
    kept: list[str] = []
    for line in body.splitlines():
        stripped = line.strip()
        if _QUOTE_HEADER.match(stripped) or stripped in ("-- ", "--"):
            break
        if not stripped.startswith(">"):
            kept.append(line)
    return "\n".join(kept)


def asks_something(message: Message) -> bool:
    """A question mark or an explicit request in the subject or the message's own words."""
    words = own_words(message.body[:20000])
    subject = re.sub(r"^\s*((re|fwd?|aw|sv)\s*:\s*)+", "", message.subject, flags=re.IGNORECASE)
    return "?" in words or "?" in subject or bool(_ASKING.search(words))


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
