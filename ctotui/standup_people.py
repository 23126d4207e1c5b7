"""The People part of a standup: one line per human across every source of a project.

One human has many identities (a GitHub login, a Jira account, mail addresses);
`[people]` maps them, and an item belongs to a person when any of its assignees
is one of their identities. Assignees nobody mapped get a line of their own so
no work disappears from the standup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ctotui.model import Person, StandupNote, StatusCategory, WorkItem
from ctotui.standup import Board, BoardRow, person_for


@dataclass(frozen=True, slots=True)
class PersonLine:
    """A person's standup line: their open items, reviews asked of them, moves, note."""

    key: str
    name: str
    known: bool
    items: tuple[WorkItem, ...]
    reviewing: tuple[WorkItem, ...]
    moved: tuple[BoardRow, ...]
    has_note: bool

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.source for i in self.items))

    def count(self, category: StatusCategory) -> int:
        return sum(1 for i in self.items if i.category is category)


def _owner_key(identity: str, people: Mapping[str, Person]) -> str:
    person = person_for(identity, people)
    return person.key if person is not None else identity.strip().lower()


def build_people(
    project_people: Sequence[str],
    people: Mapping[str, Person],
    open_items: Iterable[WorkItem],
    board: Board,
    notes: Sequence[StandupNote],
) -> tuple[PersonLine, ...]:
    """Lines for the project's people in order, then for unmapped assignees by login."""
    order: dict[str, str] = {
        key: people[key].name if key in people else key for key in project_people
    }
    items: dict[str, list[WorkItem]] = {}
    reviewing: dict[str, list[WorkItem]] = {}
    for item in open_items:
        if item.category is StatusCategory.DONE:
            continue
        for key in dict.fromkeys(_owner_key(a, people) for a in item.assignees):
            items.setdefault(key, []).append(item)
            order.setdefault(key, people[key].name if key in people else key)
        if item.category is StatusCategory.IN_REVIEW:
            for key in dict.fromkeys(_owner_key(r, people) for r in item.reviewers):
                reviewing.setdefault(key, []).append(item)
    moved: dict[str, list[BoardRow]] = {}
    for row in board.moved:
        for key in dict.fromkeys(_owner_key(p, people) for p in row.people):
            moved.setdefault(key, []).append(row)
            order.setdefault(key, people[key].name if key in people else key)
    for note in notes:
        order.setdefault(
            note.person, people[note.person].name if note.person in people else note.person
        )
    spoke = {
        note.person
        for note in notes
        if note.done.strip() or note.next.strip() or note.blockers.strip()
    }
    return tuple(
        PersonLine(
            key=key,
            name=name,
            known=key in people,
            items=tuple(sorted(items.get(key, ()), key=_item_order)),
            reviewing=tuple(reviewing.get(key, ())),
            moved=tuple(moved.get(key, ())),
            has_note=key in spoke,
        )
        for key, name in order.items()
    )


_CATEGORY_ORDER = {
    StatusCategory.BLOCKED: 0,
    StatusCategory.IN_REVIEW: 1,
    StatusCategory.IN_PROGRESS: 2,
    StatusCategory.TODO: 3,
    StatusCategory.DONE: 4,
}


def _item_order(item: WorkItem) -> tuple[int, str]:
    return (_CATEGORY_ORDER[item.category], item.key)
