"""The demo tracker's workflow: status names, their categories, and the paths an
issue or pull request takes through them.

An item's history is one of these paths walked from its first status to its
last, so the events the adapter emits always end in the item's current status.
"""

from __future__ import annotations

import random

from ctotui.model import ItemKind, StatusCategory

TODO = "Todo"
IN_PROGRESS = "In progress"
IN_REVIEW = "In review"
BLOCKED = "Blocked"
DONE = "Done"
DRAFT = "Draft"
CHANGES_REQUESTED = "Changes requested"
MERGED = "Merged"
CLOSED = "Closed"

CATEGORY: dict[str, StatusCategory] = {
    TODO: StatusCategory.TODO,
    IN_PROGRESS: StatusCategory.IN_PROGRESS,
    DRAFT: StatusCategory.IN_PROGRESS,
    CHANGES_REQUESTED: StatusCategory.IN_PROGRESS,
    IN_REVIEW: StatusCategory.IN_REVIEW,
    BLOCKED: StatusCategory.BLOCKED,
    DONE: StatusCategory.DONE,
    MERGED: StatusCategory.DONE,
    CLOSED: StatusCategory.DONE,
}

Path = tuple[str, ...]

ISSUE_PATHS: dict[StatusCategory, tuple[Path, ...]] = {
    StatusCategory.TODO: ((TODO,),),
    StatusCategory.IN_PROGRESS: (
        (TODO, IN_PROGRESS),
        (TODO, IN_PROGRESS, BLOCKED, IN_PROGRESS),
    ),
    StatusCategory.IN_REVIEW: ((TODO, IN_PROGRESS, IN_REVIEW),),
    StatusCategory.BLOCKED: ((TODO, IN_PROGRESS, BLOCKED), (TODO, BLOCKED)),
    StatusCategory.DONE: (
        (TODO, IN_PROGRESS, IN_REVIEW, DONE),
        (TODO, IN_PROGRESS, DONE),
        (TODO, IN_PROGRESS, BLOCKED, IN_PROGRESS, IN_REVIEW, DONE),
    ),
}

PR_PATHS: dict[StatusCategory, tuple[Path, ...]] = {
    StatusCategory.IN_PROGRESS: ((DRAFT,), (DRAFT, IN_REVIEW, CHANGES_REQUESTED)),
    StatusCategory.IN_REVIEW: (
        (DRAFT, IN_REVIEW),
        (DRAFT, IN_REVIEW, CHANGES_REQUESTED, IN_REVIEW),
    ),
    StatusCategory.BLOCKED: ((DRAFT, IN_REVIEW, BLOCKED),),
    StatusCategory.DONE: (
        (DRAFT, IN_REVIEW, MERGED),
        (DRAFT, IN_REVIEW, MERGED),
        (DRAFT, IN_REVIEW, CHANGES_REQUESTED, IN_REVIEW, MERGED),
        (DRAFT, CLOSED),
    ),
}

ISSUE_WEIGHTS: dict[StatusCategory, float] = {
    StatusCategory.TODO: 0.28,
    StatusCategory.IN_PROGRESS: 0.2,
    StatusCategory.IN_REVIEW: 0.07,
    StatusCategory.BLOCKED: 0.05,
    StatusCategory.DONE: 0.4,
}

PR_WEIGHTS: dict[StatusCategory, float] = {
    StatusCategory.IN_PROGRESS: 0.2,
    StatusCategory.IN_REVIEW: 0.3,
    StatusCategory.BLOCKED: 0.05,
    StatusCategory.DONE: 0.45,
}


def random_path(kind: ItemKind, rng: random.Random) -> Path:
    """A path for an item of `kind`, its final category drawn from the weights."""
    weights = ISSUE_WEIGHTS if kind is ItemKind.ISSUE else PR_WEIGHTS
    paths = ISSUE_PATHS if kind is ItemKind.ISSUE else PR_PATHS
    category = rng.choices(list(weights), weights=list(weights.values()))[0]
    return rng.choice(paths[category])
