"""The demo tracker: about fifty issues and pull requests per project, with events.

Each item is planned first (kind, status path, when it was opened and last
touched), then its events are laid out along that span, and the item's fields
are read back from the events, so status, status_since and updated_at always
agree with the history. A few plans are fixed per project so every demo has
stale work, unassigned high-priority issues, blocked items and pull requests
waiting days for the user's review.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from ctotui.adapters.demo_company import ME_LOGIN, TRACKER_URL, DemoProject, login
from ctotui.adapters.demo_history import History
from ctotui.adapters.demo_titles import BLOCKED_REASONS, COMMENTS, ISSUE_TITLES, PR_TITLES
from ctotui.adapters.demo_workflow import (
    BLOCKED,
    CATEGORY,
    CHANGES_REQUESTED,
    CLOSED,
    DONE,
    DRAFT,
    IN_PROGRESS,
    IN_REVIEW,
    MERGED,
    TODO,
    Path,
    random_path,
)
from ctotui.model import EventKind, ItemKind, Priority, WorkEvent, WorkItem

ISSUES_PER_PROJECT = 30
PRS_PER_PROJECT = 20
STEP_GAP = timedelta(seconds=40)
MIN_SPAN_HOURS = 0.25
MIN_LAST_AGE = 0.1
OWN_ISSUE_SHARE = 0.1
PRIORITY_WEIGHTS = {Priority.HIGH: 1, Priority.MEDIUM: 3, Priority.LOW: 3, Priority.NONE: 2}


@dataclass(frozen=True, slots=True)
class Plan:
    """What one item will be: its kind, status path and the span its events cover."""

    kind: ItemKind
    path: Path
    created_age: float
    last_age: float
    priority: Priority
    assigned: bool = True
    awaits_me: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    """One event of an item before it has a time; `follows` keeps it close to the one before."""

    kind: EventKind
    actor: str
    from_value: str = ""
    to_value: str = ""
    follows: bool = False


def generate_project(
    source: str, project: DemoProject, seed: int, history: History
) -> tuple[list[WorkItem], list[WorkEvent]]:
    """Every item and event of one project for one seed; items oldest first."""
    rng = random.Random(f"{seed}/tracker/{project.name}")
    plans = _plans(rng, history)
    plans.sort(key=lambda p: -p.created_age)
    issue_titles = list(ISSUE_TITLES[project.name])
    pr_titles = list(PR_TITLES[project.name])
    rng.shuffle(issue_titles)
    rng.shuffle(pr_titles)
    items: list[WorkItem] = []
    events: list[WorkEvent] = []
    for offset, plan in enumerate(plans):
        titles = issue_titles if plan.kind is ItemKind.ISSUE else pr_titles
        builder = _ItemBuilder(source, project, project.first_number + offset, rng, history)
        item, item_events = builder.build(plan, titles.pop())
        items.append(item)
        events.extend(item_events)
    return items, events


def _plans(rng: random.Random, history: History) -> list[Plan]:
    hours = history.hours

    def span(created: float, last: float) -> tuple[float, float]:
        created = max(min(created, hours - 0.05), MIN_LAST_AGE + MIN_SPAN_HOURS)
        return created, max(MIN_LAST_AGE, min(last, created - MIN_SPAN_HOURS))

    def prio() -> Priority:
        return rng.choices(list(PRIORITY_WEIGHTS), weights=list(PRIORITY_WEIGHTS.values()))[0]

    fixed: list[Plan] = []
    for _ in range(2):
        last = rng.uniform(150, 190)
        c, la = span(last + rng.uniform(10, 48), last)
        fixed.append(Plan(ItemKind.ISSUE, (TODO, IN_PROGRESS), c, la, prio()))
        c, la = span(rng.uniform(3, 60), 0)
        fixed.append(Plan(ItemKind.ISSUE, (TODO,), c, c, Priority.HIGH, assigned=False))
        c, la = span(rng.uniform(40, 200), rng.uniform(8, 80))
        fixed.append(Plan(ItemKind.ISSUE, (TODO, IN_PROGRESS, BLOCKED), c, la, prio()))
        waiting = rng.uniform(40, 110)
        c, la = span(waiting + rng.uniform(4, 60), waiting)
        fixed.append(Plan(ItemKind.PULL_REQUEST, (DRAFT, IN_REVIEW), c, la, prio(), awaits_me=True))
    out = list(fixed)
    for kind, total in (
        (ItemKind.ISSUE, ISSUES_PER_PROJECT),
        (ItemKind.PULL_REQUEST, PRS_PER_PROJECT),
    ):
        have = sum(1 for p in fixed if p.kind is kind)
        for _ in range(total - have):
            path = random_path(kind, rng)
            created = rng.uniform(1.0, hours)
            c, la = span(created, created * rng.uniform(0.0, 0.9))
            if len(path) == 1 and rng.random() < 0.5:
                la = c
            assigned = kind is ItemKind.PULL_REQUEST or path != (TODO,) or rng.random() < 0.6
            out.append(Plan(kind, path, c, la, prio(), assigned=assigned))
    return out


class _ItemBuilder:
    """Builds one item and its events from a plan."""

    def __init__(
        self,
        source: str,
        project: DemoProject,
        number: int,
        rng: random.Random,
        history: History,
    ) -> None:
        self.source = source
        self.project = project
        self.number = number
        self.rng = rng
        self.history = history
        self.logins = [login(k) for k in project.people]

    def build(self, plan: Plan, title: str) -> tuple[WorkItem, list[WorkEvent]]:
        rng = self.rng
        is_pr = plan.kind is ItemKind.PULL_REQUEST
        own_issue = not is_pr and rng.random() < OWN_ISSUE_SHARE
        author = ME_LOGIN if own_issue else rng.choice(self.logins)
        assignees: tuple[str, ...] = ()
        if plan.assigned:
            assignees = (author,) if is_pr else (rng.choice(self.logins),)
        reviewers = self._reviewers(author, plan) if is_pr and IN_REVIEW in plan.path else ()
        remote_id = f"{self.project.repo}#{self.number}"
        steps = self._steps(plan, author, assignees, reviewers)
        events = self._events(remote_id, steps, plan)
        status = plan.path[-1]
        changes = [e for e in events if e.kind is EventKind.STATUS_CHANGED]
        item = WorkItem(
            source=self.source,
            remote_id=remote_id,
            key=remote_id,
            kind=plan.kind,
            title=title,
            status=status,
            category=CATEGORY[status],
            created_at=events[0].at,
            updated_at=events[-1].at,
            container=self.project.repo,
            body=self._body(title, is_pr),
            author=author,
            assignees=assignees,
            reviewers=reviewers,
            labels=tuple(sorted(rng.sample(self.project.labels, rng.choice((0, 1, 1, 2))))),
            priority=plan.priority,
            url=f"{TRACKER_URL}/{self.project.repo}/{'pull' if is_pr else 'issues'}/{self.number}",
            status_since=changes[-1].at if changes else events[0].at,
            blocked_reason=rng.choice(BLOCKED_REASONS[self.project.name])
            if status == BLOCKED
            else "",
            is_draft=status == DRAFT,
        )
        return item, events

    def _reviewers(self, author: str, plan: Plan) -> tuple[str, ...]:
        others = [x for x in self.logins if x != author]
        picked = self.rng.sample(others, self.rng.choice((1, 1, 2)))
        if plan.awaits_me or self.rng.random() < 0.1:
            picked = [ME_LOGIN, *picked[:1]]
        return tuple(picked)

    def _steps(
        self, plan: Plan, author: str, assignees: tuple[str, ...], reviewers: tuple[str, ...]
    ) -> list[Step]:
        lead = login(self.project.lead)
        worker = assignees[0] if assignees else author
        steps = [Step(EventKind.OPENED, author, to_value=plan.path[0])]
        steps += [Step(EventKind.ASSIGNED, lead, to_value=a, follows=True) for a in assignees]
        for before, after in zip(plan.path, plan.path[1:], strict=False):
            steps += self._transition(before, after, worker, reviewers)
        return self._with_comments(steps)

    def _transition(
        self, before: str, after: str, worker: str, reviewers: tuple[str, ...]
    ) -> list[Step]:
        change = Step(EventKind.STATUS_CHANGED, worker, before, after)
        if after == IN_REVIEW and reviewers and before == DRAFT:
            asks = [
                Step(EventKind.REVIEW_REQUESTED, worker, to_value=r, follows=True)
                for r in reviewers
            ]
            return [change, *asks]
        if after == CHANGES_REQUESTED:
            critic = reviewers[-1] if reviewers else worker
            return [
                Step(EventKind.REVIEWED, critic, to_value="changes_requested"),
                Step(EventKind.STATUS_CHANGED, critic, before, after, follows=True),
            ]
        if after == MERGED:
            approvals = [
                Step(EventKind.REVIEWED, r, to_value="approved", follows=i > 0)
                for i, r in enumerate(reviewers)
            ]
            return [
                *approvals,
                Step(EventKind.STATUS_CHANGED, worker, before, after),
                Step(EventKind.MERGED, worker, follows=True),
            ]
        if after in (DONE, CLOSED):
            return [change, Step(EventKind.CLOSED, worker, follows=True)]
        return [change]

    def _with_comments(self, steps: list[Step]) -> list[Step]:
        """Sprinkle comments between steps, never after the last one."""
        for _ in range(self.rng.choice((0, 0, 1, 2))):
            starts = [i for i, s in enumerate(steps) if i > 0 and not s.follows]
            if not starts:
                break
            actor = self.rng.choice(self.logins)
            text = self.rng.choice(COMMENTS)
            steps.insert(self.rng.choice(starts), Step(EventKind.COMMENTED, actor, to_value=text))
        return steps

    def _events(self, remote_id: str, steps: list[Step], plan: Plan) -> list[WorkEvent]:
        """Lay the steps out from creation to the last touch, in order."""
        created = self.history.ago(plan.created_age)
        last = self.history.ago(plan.last_age)
        follows = sum(1 for s in steps[1:] if s.follows)
        gaps = [self.rng.uniform(0.2, 1.0) for s in steps[1:] if not s.follows]
        spread = max(last - created - STEP_GAP * follows, timedelta(0))
        scale = spread / sum(gaps) if gaps else timedelta(0)
        at: datetime = created
        out: list[WorkEvent] = []
        big = iter(gaps)
        for index, step in enumerate(steps):
            if index:
                at += STEP_GAP if step.follows else scale * next(big)
            out.append(
                WorkEvent(
                    source=self.source,
                    item_remote_id=remote_id,
                    event_id=f"{remote_id}/{index}",
                    kind=step.kind,
                    actor=step.actor,
                    at=at,
                    from_value=step.from_value,
                    to_value=step.to_value,
                )
            )
        return out

    def _body(self, title: str, is_pr: bool) -> str:
        last = self.project.first_number + ISSUES_PER_PROJECT + PRS_PER_PROJECT - 1
        related = self.rng.randint(self.project.first_number, last)
        if related == self.number:
            related = self.number - 1 if self.number > self.project.first_number else last
        if is_pr:
            return (
                f"{title}.\n\nRelated to #{related}.\n\n"
                "Testing: unit tests added and run locally; deployed to a preview "
                "environment and checked by hand.\n"
            )
        return (
            f"{title}.\n\nRaised in the {self.project.name} standup; see #{related} for "
            "background.\n\nDone when: the change is deployed, verified on staging and "
            "noted in the changelog.\n"
        )
