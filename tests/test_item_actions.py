"""Which item actions are offered, what each changes locally, suggestions, and the store side."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ctotui.adapters.base import Adapter, AdapterContext, FetchResult, OptionSpec, OptionType
from ctotui.clock import FixedClock
from ctotui.config import Config
from ctotui.config_schema import SourceConfig, fixed_class
from ctotui.errors import AdapterError
from ctotui.item_actions import applied_locally, offered_verbs, outbox_action, suggestions
from ctotui.item_actions_live import transition_choices
from ctotui.model import ActionKind, ItemKind, SourceKind, StatusCategory, WorkItem
from ctotui.store import Store

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
ALL = frozenset(ActionKind)


def item(**changes: object) -> WorkItem:
    base = WorkItem(
        source="gh",
        remote_id="acme/api#7",
        key="acme/api#7",
        kind=ItemKind.ISSUE,
        title="Flaky login",
        status="open",
        category=StatusCategory.IN_PROGRESS,
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
        updated_at=datetime(2026, 11, 10, tzinfo=UTC),
        container="acme/api",
        author="ana",
        assignees=("me",),
        labels=("blocked", "bug"),
        blocked_reason='label "blocked"',
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def kinds(work: WorkItem, supported: frozenset[ActionKind] = ALL, login: str = "me") -> list[str]:
    return [v.kind.value for v in offered_verbs(work, lambda k: k in supported, login)]


def test_an_open_issue_assigned_to_me_offers_unassign_close_and_its_labels() -> None:
    assert kinds(item()) == [
        "comment",
        "unassign_me",
        "transition",
        "close",
        "add_label",
        "remove_label",
    ]


def test_a_done_pull_request_offers_reopen_but_no_review_and_merged_offers_no_reopen() -> None:
    done = item(kind=ItemKind.PULL_REQUEST, category=StatusCategory.DONE, status="closed")
    assert "reopen" in kinds(done) and "close" not in kinds(done)
    assert "request_review" not in kinds(done)
    assert "reopen" not in kinds(item(category=StatusCategory.DONE, status="merged"))
    open_pull = item(kind=ItemKind.MERGE_REQUEST, assignees=(), labels=())
    assert kinds(open_pull) == [
        "comment",
        "assign_to_me",
        "transition",
        "close",
        "add_label",
        "request_review",
    ]


def test_only_what_the_source_supports_is_offered() -> None:
    jira = frozenset({ActionKind.COMMENT, ActionKind.TRANSITION})
    assert kinds(item(), jira) == ["comment", "transition"]
    assert kinds(item(), frozenset()) == []


def test_unassign_is_offered_when_my_login_is_unknown_and_someone_is_assigned() -> None:
    assert "unassign_me" in kinds(item(assignees=("ben",)), login="")
    assert "unassign_me" not in kinds(item(assignees=()), login="")


def test_close_and_reopen_change_the_item_at_once() -> None:
    closed = applied_locally(item(), ActionKind.CLOSE, "", "me", NOW)
    assert closed is not None
    assert (closed.status, closed.category, closed.status_since) == (
        "closed",
        StatusCategory.DONE,
        NOW,
    )
    assert closed.blocked_reason == ""
    reopened = applied_locally(closed, ActionKind.REOPEN, "", "me", NOW)
    assert reopened is not None
    assert (reopened.status, reopened.category) == ("open", StatusCategory.IN_PROGRESS)
    pull = item(kind=ItemKind.PULL_REQUEST, category=StatusCategory.DONE)
    reopened_pull = applied_locally(pull, ActionKind.REOPEN, "", "me", NOW)
    assert reopened_pull is not None and reopened_pull.category is StatusCategory.IN_REVIEW


def test_assign_label_review_and_transition_change_the_item_at_once() -> None:
    unassigned = applied_locally(item(), ActionKind.UNASSIGN_ME, "", "ME", NOW)
    assert unassigned is not None and unassigned.assignees == ()
    assigned = applied_locally(unassigned, ActionKind.ASSIGN_TO_ME, "", "me", NOW)
    assert assigned is not None and assigned.assignees == ("me",)
    labelled = applied_locally(item(), ActionKind.ADD_LABEL, " ui ", "me", NOW)
    assert labelled is not None and labelled.labels == ("blocked", "bug", "ui")
    again = applied_locally(item(), ActionKind.ADD_LABEL, "BUG", "me", NOW)
    assert again is not None and again.labels == ("blocked", "bug")
    asked = applied_locally(item(), ActionKind.REQUEST_REVIEW, "kim", "me", NOW)
    assert asked is not None and asked.reviewers == ("kim",)
    moved = applied_locally(item(), ActionKind.TRANSITION, "In Review", "me", NOW)
    assert moved is not None and (moved.status, moved.status_since) == ("In Review", NOW)
    assert applied_locally(item(), ActionKind.ASSIGN_TO_ME, "", "", NOW) is None
    assert applied_locally(item(), ActionKind.COMMENT, "hi", "me", NOW) is None


def test_removing_the_blocked_label_unblocks_unless_another_reason_remains() -> None:
    blocked = item(category=StatusCategory.BLOCKED)
    freed = applied_locally(blocked, ActionKind.REMOVE_LABEL, "Blocked", "me", NOW)
    assert freed is not None
    assert (freed.labels, freed.blocked_reason, freed.category) == (
        ("bug",),
        "",
        StatusCategory.IN_PROGRESS,
    )
    twice = item(
        category=StatusCategory.BLOCKED, blocked_reason='blocked by acme/api#3; label "blocked"'
    )
    still = applied_locally(twice, ActionKind.REMOVE_LABEL, "blocked", "me", NOW)
    assert still is not None
    assert (still.blocked_reason, still.category) == (
        "blocked by acme/api#3",
        StatusCategory.BLOCKED,
    )


def test_the_outbox_action_targets_the_items_remote_id() -> None:
    action = outbox_action(item(), ActionKind.ADD_LABEL, " ui ", NOW)
    assert (action.source, action.action, action.target, action.payload) == (
        "gh",
        ActionKind.ADD_LABEL,
        "acme/api#7",
        "ui",
    )


def test_suggestions_put_prefix_matches_first() -> None:
    known = ["frontend", "backend", "bug", "Backlog", "bug"]
    assert suggestions("", known) == ["backend", "Backlog", "bug", "frontend"]
    assert suggestions("b", known) == ["backend", "Backlog", "bug"]
    assert suggestions("end", known) == ["backend", "frontend"]
    assert suggestions("x", known) == []


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "store.db")


def test_store_suggests_project_labels_and_source_people(store: Store) -> None:
    items = [
        item(),
        item(remote_id="acme/api#8", key="acme/api#8", labels=("bug", "ui"), reviewers=("kim",)),
        item(remote_id="acme/web#1", key="acme/web#1", container="acme/web", labels=("css",)),
    ]
    store.save_fetch("gh", "github", messages=[], items=items, events=[], cursor=None, at=NOW)
    assert store.labels_in("gh", "acme/api") == ["bug", "blocked", "ui"]
    assert store.labels_in("gh", "acme/web") == ["css"]
    assert store.labels_in("other", "acme/api") == []
    assert store.logins_in("gh") == ["ana", "me", "kim"]


def test_save_item_locally_changes_only_a_stored_item(store: Store) -> None:
    store.save_fetch("gh", "github", messages=[], items=[item()], events=[], cursor=None, at=NOW)
    changed = applied_locally(item(), ActionKind.UNASSIGN_ME, "", "me", NOW)
    assert changed is not None and store.save_item_locally(changed)
    [saved] = store.items_by_remote_ids("gh", ["acme/api#7"])
    assert saved.assignees == ()
    gone = item(remote_id="acme/api#99", key="acme/api#99")
    assert not store.save_item_locally(gone)
    assert store.items_by_remote_ids("gh", ["acme/api#99"]) == []


class SlowTracker(Adapter):
    """Lists transitions after a while, or fails quoting its token back."""

    name = "slow"
    kinds = frozenset({SourceKind.TRACKER})
    options = (OptionSpec("token", OptionType.STRING, "t", secret=True),)
    delay = 0.0
    fail = False

    async def fetch(self, cursor: str | None) -> FetchResult:
        return FetchResult(cursor=None)

    async def transitions(self, remote_id: str) -> list[str]:
        await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError(f"server said no to {self.settings['token']}")
        return ["Doing", "Done", "Doing"]


class NoTransitions(SlowTracker):
    name = "plain"
    transitions = None  # type: ignore[assignment]


def config_with(adapter_class: type[Adapter]) -> Config:
    source = SourceConfig(
        "t",
        adapter_class.name,
        300,
        True,
        {"token": "tok-123456"},
        adapter_class.options,
        fixed_class(adapter_class),
    )
    return Config(path=None, sources=(source,))


async def choices(config: Config, timeout: float = 5.0) -> list[str]:
    context = AdapterContext(clock=FixedClock(NOW))
    return await transition_choices(config, context, "t", "ISSUE-1", timeout=timeout)


async def test_transition_choices_come_from_the_adapter_without_duplicates() -> None:
    assert await choices(config_with(SlowTracker)) == ["Doing", "Done"]


async def test_transition_choices_fail_with_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(AdapterError, match="is no longer configured"):
        await choices(Config(path=None))
    with pytest.raises(AdapterError, match="cannot list statuses"):
        await choices(config_with(NoTransitions))
    monkeypatch.setattr(SlowTracker, "delay", 1.0)
    with pytest.raises(AdapterError, match="no answer within 0 s"):
        await choices(config_with(SlowTracker), timeout=0.01)
    monkeypatch.setattr(SlowTracker, "delay", 0.0)
    monkeypatch.setattr(SlowTracker, "fail", True)
    with pytest.raises(AdapterError) as raised:
        await choices(config_with(SlowTracker))
    assert raised.value.message == "t: server said no to ***"
