"""The radar's decisions on plain values, shared by the radar and `ctotui status`.

The radar works on model objects; `ctotui status` runs every few seconds from a
tmux status line and reads bare rows, because importing the model and the store
costs more than its whole budget. Both call these rules, so Home's "waiting on
me" and the status line's cannot disagree. Nothing here imports the model: event
kinds are compared as strings (the model's kinds are `StrEnum`s, equal to them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any, Protocol, TypeVar

ASKS = frozenset({"assigned", "review_requested"})
"""Event kinds that ask someone to act (model `EventKind` values)."""
TALK = frozenset({"opened", "commented", "reviewed"})
"""Event kinds that say something on an item."""
REVIEW_REQUESTED_EVENT = "review_requested"
ISSUE_KIND = "issue"
BLOCKED_CATEGORY = "blocked"
DONE_CATEGORY = "done"
OPEN_CATEGORIES = frozenset({"todo", "in_progress", "in_review", "blocked"})

REVIEW_REQUESTED = "review_requested"
ASSIGNED_BLOCKED = "assigned_blocked"
LAST_ASKED = "last_asked"


class EventLike(Protocol):
    """What the rules read of an event: a `WorkEvent`, or a row with the same names."""

    @property
    def kind(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def to_value(self) -> str: ...
    @property
    def at(self) -> Any: ...


E = TypeVar("E", bound=EventLike)


def identities(values: Iterable[str]) -> frozenset[str]:
    """Logins and addresses as the radar compares them: trimmed, case-folded, non-empty."""
    return frozenset(v.strip().casefold() for v in values if v and v.strip())


def is_mine(identity: str, me: frozenset[str]) -> bool:
    return identity.strip().casefold() in me


def any_mine(values: Iterable[str], me: frozenset[str]) -> bool:
    return any(is_mine(v, me) for v in values)


def last_event(events: Iterable[E], kind: str, whom: Iterable[str]) -> E | None:
    """The latest event of `kind` whose target is one of `whom`."""
    wanted = {w.strip().casefold() for w in whom}
    found: E | None = None
    for event in events:
        if event.kind == kind and event.to_value.strip().casefold() in wanted:
            found = event
    return found


def last_ask(events: Sequence[E], me: frozenset[str]) -> E | None:
    """The latest ask on the item (assignment, review request) when it asked me and I
    have not acted since; someone else's later label or comment does not answer it."""
    asks = [e for e in events if e.kind in ASKS]
    if not asks:
        return None
    last = asks[-1]
    if not is_mine(last.to_value, me) or is_mine(last.actor, me):
        return None
    if any(is_mine(e.actor, me) and e.at >= last.at for e in events):
        return None
    return last


def skips_events(author: str, assignees: Sequence[str], me: frozenset[str]) -> bool:
    """My own item that nobody assigned to me waits on others, not on me (no history needed)."""
    return is_mine(author, me) and not any_mine(assignees, me)


def item_wait(
    *,
    author: str,
    assignees: Sequence[str],
    reviewers: Sequence[str],
    kind: str,
    category: str,
    events: Sequence[E],
    me: frozenset[str],
) -> tuple[str, E | None] | None:
    """Why an open item involving me waits on me (radar kind, and the asking event), or None."""
    if skips_events(author, assignees, me):
        return None
    if any_mine(reviewers, me) and kind != ISSUE_KIND:
        return REVIEW_REQUESTED, last_event(events, REVIEW_REQUESTED_EVENT, me)
    if not any_mine(assignees, me):
        return None
    if category == BLOCKED_CATEGORY:
        return ASSIGNED_BLOCKED, None
    asked = last_ask(events, me)
    if asked is not None:
        return LAST_ASKED, asked
    return None


def talk(events: Iterable[E], me: frozenset[str]) -> tuple[list[E], list[E]]:
    """What was said on an item: (mine, theirs), oldest first."""
    said = [e for e in events if e.kind in TALK]
    return [e for e in said if is_mine(e.actor, me)], [e for e in said if not is_mine(e.actor, me)]


def mention_answered(mine: Sequence[E], theirs: Sequence[E]) -> bool:
    """A tracker mention is answered once my latest word on the item follows everyone else's."""
    return bool(mine) and (not theirs or mine[-1].at >= theirs[-1].at)


# Unanswered mail and chat: does a message ask me something?
_QUOTE_HEADER = re.compile(r"^On .{4,200} wrote:\s*$")
ASKING = re.compile(
    r"\b(can|could|would|will) you\b|\bplease (confirm|advise|let me know|review|approve)\b|"
    r"\blet me know\b|\bany (thoughts|update|news)\b",
    re.IGNORECASE,
)
_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|sv)\s*:\s*)+", re.IGNORECASE)
BODY_LIMIT = 20000
"""Characters of a body read for the question check."""
UNANSWERED_LOOKBACK = timedelta(days=30)
"""How far back a question to me still counts as unanswered."""
SUBJECT_HINTS: tuple[str, ...] = ("?",)
BODY_HINTS: tuple[str, ...] = ("?", "you", "plea", "let me", "any")
"""Fragments that `asks` cannot be true without (one in the subject or body).

The store reads only messages holding one of them, so the rule's Python check
runs on likely questions, not on a month of mail. Each `ASKING` alternative
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


def asks(subject: str, body: str) -> bool:
    """A question mark or an explicit request in the subject or the message's own words."""
    words = own_words(body[:BODY_LIMIT])
    return "?" in words or "?" in _REPLY_PREFIX.sub("", subject) or bool(ASKING.search(words))


def matches_any(identity: str, known: frozenset[str]) -> bool:
    """`Person.matches` over many people at once: `known` holds their lower-cased identities."""
    needle = identity.strip().lower()
    return bool(needle) and needle in known
