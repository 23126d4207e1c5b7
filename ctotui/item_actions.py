"""What can be done to a tracker item from the UI, and what doing it changes locally.

One answer for every screen that offers item actions (the radar, the standup
board): which actions the item's source supports and which make sense for the
item now (close only when open, reopen only when done, request review only on
pull and merge requests), what each one asks for (nothing, typed text, or a
pick from a list), and the optimistic change shown at once while the outbox
carries the action to the server. The next sync writes the remote truth over it.
No UI and no IO here, so it is tested without either.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ctotui.model import ActionKind, ItemKind, OutboxAction, Person, StatusCategory, WorkItem


class Needs(StrEnum):
    """What an action asks the user for before it can be queued."""

    NOTHING = "nothing"
    TEXT = "text"
    """Free text, with suggestions (comment, a label to add, a login to ask)."""
    PICK = "pick"
    """One of a list (a label to remove, a status to move to)."""


@dataclass(frozen=True, slots=True)
class ItemVerb:
    kind: ActionKind
    label: str
    needs: Needs
    prompt: str = ""


VERBS: tuple[ItemVerb, ...] = (
    ItemVerb(ActionKind.COMMENT, "Comment…", Needs.TEXT, "Comment (enter sends)"),
    ItemVerb(ActionKind.ASSIGN_TO_ME, "Assign to me", Needs.NOTHING),
    ItemVerb(ActionKind.UNASSIGN_ME, "Unassign me", Needs.NOTHING),
    ItemVerb(ActionKind.TRANSITION, "Change status…", Needs.PICK, "Move to"),
    ItemVerb(ActionKind.CLOSE, "Close", Needs.NOTHING),
    ItemVerb(ActionKind.REOPEN, "Reopen", Needs.NOTHING),
    ItemVerb(ActionKind.ADD_LABEL, "Add label…", Needs.TEXT, "Label to add"),
    ItemVerb(ActionKind.REMOVE_LABEL, "Remove label…", Needs.PICK, "Label to remove"),
    ItemVerb(ActionKind.REQUEST_REVIEW, "Request review…", Needs.TEXT, "Login to ask for a review"),
)
VERB_BY_KIND: Mapping[ActionKind, ItemVerb] = {verb.kind: verb for verb in VERBS}
REVIEWABLE = frozenset({ItemKind.PULL_REQUEST, ItemKind.MERGE_REQUEST})


def my_login(me: Person | None, adapter: str) -> str:
    """The user's login on a tracker: the `[people]` entry's login for that adapter."""
    if me is None:
        return ""
    return me.logins.get(adapter, "")


def offered_verbs(
    item: WorkItem, supports: Callable[[ActionKind], bool], login: str = ""
) -> list[ItemVerb]:
    """The verbs to offer on `item`: supported by its source and meaningful for it now."""
    is_done = item.category is StatusCategory.DONE
    mine = bool(login) and login.casefold() in {a.casefold() for a in item.assignees}
    meaningful = {
        ActionKind.COMMENT: True,
        ActionKind.ASSIGN_TO_ME: not mine,
        ActionKind.UNASSIGN_ME: mine or (not login and bool(item.assignees)),
        ActionKind.TRANSITION: True,
        ActionKind.CLOSE: not is_done,
        ActionKind.REOPEN: is_done and item.status != "merged",
        ActionKind.ADD_LABEL: True,
        ActionKind.REMOVE_LABEL: bool(item.labels),
        ActionKind.REQUEST_REVIEW: item.kind in REVIEWABLE and not is_done,
    }
    return [verb for verb in VERBS if meaningful[verb.kind] and supports(verb.kind)]


def outbox_action(item: WorkItem, kind: ActionKind, payload: str, now: datetime) -> OutboxAction:
    """The queued action: the item's remote id is its target (see `ActionKind`)."""
    return OutboxAction(item.source, kind, item.remote_id, now, payload.strip())


def applied_locally(
    item: WorkItem, kind: ActionKind, payload: str, login: str, now: datetime
) -> WorkItem | None:
    """The item as it will look once the action is done remotely; None: nothing to show yet.

    Assigning needs the user's login on that tracker; without it the change
    waits for the next sync.
    """
    value = payload.strip()
    if kind is ActionKind.CLOSE:
        return dataclasses.replace(
            item, status="closed", category=StatusCategory.DONE, status_since=now, blocked_reason=""
        )
    if kind is ActionKind.REOPEN:
        return dataclasses.replace(
            item, status="open", category=_open_category(item), status_since=now
        )
    if kind is ActionKind.TRANSITION and value:
        return dataclasses.replace(item, status=value, status_since=now)
    if kind is ActionKind.ASSIGN_TO_ME and login:
        return dataclasses.replace(item, assignees=_with(item.assignees, login))
    if kind is ActionKind.UNASSIGN_ME and login:
        return dataclasses.replace(item, assignees=_without(item.assignees, login))
    if kind is ActionKind.ADD_LABEL and value:
        return dataclasses.replace(item, labels=_with(item.labels, value))
    if kind is ActionKind.REMOVE_LABEL and value:
        return _unlabelled(item, value)
    if kind is ActionKind.REQUEST_REVIEW and value:
        return dataclasses.replace(item, reviewers=_with(item.reviewers, value))
    return None


def _open_category(item: WorkItem) -> StatusCategory:
    if item.kind in REVIEWABLE:
        return StatusCategory.IN_REVIEW
    return StatusCategory.IN_PROGRESS if item.assignees else StatusCategory.TODO


def _unlabelled(item: WorkItem, label: str) -> WorkItem:
    """Without the label; an item blocked only by that label is no longer blocked."""
    labels = _without(item.labels, label)
    reasons = [
        r
        for r in item.blocked_reason.split("; ")
        if r and r.casefold() != f'label "{label}"'.casefold()
    ]
    reason = "; ".join(reasons)
    category = item.category
    if category is StatusCategory.BLOCKED and not reason:
        category = _open_category(item)
    return dataclasses.replace(item, labels=labels, blocked_reason=reason, category=category)


def _with(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    if value.casefold() in {v.casefold() for v in values}:
        return values
    return (*values, value)


def _without(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(v for v in values if v.casefold() != value.casefold())


def suggestions(typed: str, known: Iterable[str], limit: int = 8) -> list[str]:
    """Known values matching what was typed: prefix matches first, then the rest, A to Z."""
    needle = typed.strip().casefold()
    unique = sorted(dict.fromkeys(k for k in known if k.strip()), key=str.casefold)
    prefix = [k for k in unique if k.casefold().startswith(needle)]
    inside = [k for k in unique if needle and needle in k.casefold() and k not in prefix]
    return (prefix + inside)[:limit]
