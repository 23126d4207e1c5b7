"""The demo adapter: deterministic, believable, paged, consistent and alive."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ctotui.adapters.base import AdapterContext, FetchResult, OptionType
from ctotui.adapters.demo import DemoAdapter
from ctotui.adapters.demo_company import ME_EMAIL, ME_LOGIN, PEOPLE, demo_logins
from ctotui.clock import FixedClock
from ctotui.errors import AdapterError
from ctotui.model import (
    ActionKind,
    EventKind,
    ItemKind,
    Message,
    MessageKind,
    OutboxAction,
    Priority,
    StatusCategory,
    WorkEvent,
    WorkItem,
)
from ctotui.sanitize import clean_line, clean_text

ANCHOR = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


@dataclass
class Synced:
    pages: list[FetchResult]
    cursor: str | None
    messages: list[Message] = field(default_factory=list)
    items: list[WorkItem] = field(default_factory=list)
    events: list[WorkEvent] = field(default_factory=list)


def make(
    settings: Mapping[str, Any] | None = None, at: datetime = ANCHOR
) -> tuple[DemoAdapter, FixedClock]:
    clock = FixedClock(at)
    return DemoAdapter("demo", settings or {}, AdapterContext(clock=clock)), clock


async def first_sync(adapter: DemoAdapter) -> Synced:
    """Fetch like the sync engine does: follow the cursor until `more` is False."""
    pages: list[FetchResult] = []
    cursor: str | None = None
    for _ in range(20):
        result = await adapter.fetch(cursor)
        pages.append(result)
        cursor = result.cursor
        if not result.more:
            break
    synced = Synced(pages, cursor)
    for page in pages:
        synced.messages += page.messages
        synced.items += page.items
        synced.events += page.events
    return synced


@pytest.fixture
async def demo() -> Synced:
    adapter, _ = make()
    return await first_sync(adapter)


async def test_first_sync_pages_mail_chat_then_each_project(demo: Synced) -> None:
    kinds = [
        "mail"
        if p.messages and p.messages[0].kind is MessageKind.MAIL
        else "chat"
        if p.messages
        else p.items[0].container
        for p in demo.pages
    ]
    assert kinds == ["mail", "chat", "acme/api", "acme/web", "acme/mobile"]
    assert [p.more for p in demo.pages] == [True, True, True, True, False]
    mail = [m for m in demo.messages if m.kind is MessageKind.MAIL]
    chat = [m for m in demo.messages if m.kind is MessageKind.CHAT]
    assert 55 <= len(mail) <= 65
    assert 18 <= len(chat) <= 24
    assert 120 <= len(demo.items) <= 180
    for container, count in Counter(i.container for i in demo.items).items():
        assert 40 <= count <= 60, container


async def test_same_seed_and_anchor_give_identical_output() -> None:
    first = await first_sync(make()[0])
    again = await first_sync(make()[0])
    assert first.messages == again.messages
    assert first.items == again.items
    assert first.events == again.events
    assert first.cursor == again.cursor


async def test_another_seed_gives_another_company_day() -> None:
    seven = await first_sync(make({"seed": 7})[0])
    eight = await first_sync(make({"seed": 8})[0])
    assert [m.received_at for m in seven.messages] != [m.received_at for m in eight.messages]
    assert [(i.remote_id, i.title) for i in seven.items] != [
        (i.remote_id, i.title) for i in eight.items
    ]


async def test_every_timestamp_is_utc_and_within_the_history(demo: Synced) -> None:
    start = ANCHOR - timedelta(days=10)
    stamps = [m.received_at for m in demo.messages]
    stamps += [t for i in demo.items for t in (i.created_at, i.updated_at)]
    stamps += [e.at for e in demo.events]
    assert all(t.utcoffset() == timedelta(0) for t in stamps)
    assert all(start <= t <= ANCHOR for t in stamps)
    assert min(stamps) < ANCHOR - timedelta(days=8), "history spreads over the days"


async def test_a_shorter_history_keeps_everything_in_it() -> None:
    short = await first_sync(make({"days": 3})[0])
    start = ANCHOR - timedelta(days=3)
    assert all(start <= m.received_at <= ANCHOR for m in short.messages)
    assert all(start <= e.at <= ANCHOR for e in short.events)


async def test_remote_ids_are_unique_and_resuming_any_cursor_continues(demo: Synced) -> None:
    message_ids = [m.remote_id for m in demo.messages]
    item_ids = [i.remote_id for i in demo.items]
    event_ids = [e.event_id for e in demo.events]
    assert len(set(message_ids)) == len(message_ids)
    assert len(set(item_ids)) == len(item_ids)
    assert len(set(event_ids)) == len(event_ids)
    adapter, _ = make()
    for before, expected in zip(demo.pages, demo.pages[1:], strict=False):
        resumed = await adapter.fetch(before.cursor)
        assert resumed == expected


async def test_cursor_is_json_with_anchor_seed_and_progress(demo: Synced) -> None:
    assert demo.cursor is not None
    data = json.loads(demo.cursor)
    assert datetime.fromisoformat(data["anchor"]) == ANCHOR
    assert data["seed"] == 7
    assert data["page"] == len(demo.pages)
    assert data["delivered"] == 0


async def test_thread_replies_point_at_earlier_messages_of_the_thread(demo: Synced) -> None:
    by_id = {m.remote_id: m for m in demo.messages}
    replies = [m for m in demo.messages if m.in_reply_to]
    assert len(replies) >= 10
    for reply in replies:
        parent = by_id[reply.in_reply_to]
        assert parent.thread_id == reply.thread_id
        assert parent.received_at < reply.received_at
        assert parent.kind is reply.kind
    mail_replies = [m for m in replies if m.kind is MessageKind.MAIL]
    assert all(m.subject.startswith(("Re:", "[RESOLVED]")) for m in mail_replies)


async def test_inbox_holds_the_urgent_among_the_noise(demo: Synced) -> None:
    mail = [m for m in demo.messages if m.kind is MessageKind.MAIL]
    subjects = " | ".join(m.subject for m in mail)
    assert "INCIDENT" in subjects and "[FIRING]" in subjects
    assert "escalation" in subjects
    assert "today" in subjects
    assert "Critical" in subjects and "vulnerability" in " ".join(m.body for m in mail)
    escalation = next(m for m in mail if "escalation" in m.subject)
    assert escalation.is_direct and not escalation.is_read and "?" in escalation.body
    assert escalation.sender_address.endswith("@northwind.example")
    assert len({m.sender_address.split("@")[1] for m in mail}) >= 10, "clients, vendors, ..."
    sent = [m for m in mail if m.from_me]
    assert len(sent) >= 3
    assert all(m.folder == "Sent" and m.sender_address == ME_EMAIL for m in sent)
    assert all(m.folder == "INBOX" for m in mail if not m.from_me)
    assert any(m.is_flagged for m in mail)
    read = sum(m.is_read for m in mail)
    assert 10 < read < len(mail) - 10
    assert all(m.body.count("\n\n") >= 1 for m in mail), "bodies have paragraphs"
    assert any(m.cc for m in mail) and all(m.recipients for m in mail)


async def test_hostile_text_is_present_and_the_sanitizer_defuses_it(demo: Synced) -> None:
    markup = [m for m in demo.messages if "[bold]" in m.subject]
    escapes = [m for m in demo.messages if "\x1b[" in m.body]
    assert markup and escapes
    for message in escapes:
        assert "\x1b" not in clean_text(message.body)
    assert "[bold]" in clean_line(markup[0].subject), "shown literally, not as markup"


async def test_chat_has_direct_messages_mentions_threads_and_bots(demo: Synced) -> None:
    chat = [m for m in demo.messages if m.kind is MessageKind.CHAT]
    direct = [m for m in chat if m.is_direct]
    assert len(direct) >= 2 and all(m.folder.startswith("@") for m in direct)
    mentions = [m for m in chat if m.mentions_me]
    assert len(mentions) >= 3 and all(f"@{ME_LOGIN}" in m.body for m in mentions)
    assert {"#incidents", "#eng-api"} <= {m.folder for m in chat}
    assert any(m.in_reply_to for m in chat)
    assert {m.sender_address for m in chat} & {"deploy-bot", "ci-bot"}


async def test_item_events_tell_the_story_of_its_current_status(demo: Synced) -> None:
    events: dict[str, list[WorkEvent]] = {}
    for event in demo.events:
        events.setdefault(event.item_remote_id, []).append(event)
    assert set(events) == {i.remote_id for i in demo.items}
    for item in demo.items:
        history = events[item.remote_id]
        assert [e.at for e in history] == sorted(e.at for e in history)
        opened = history[0]
        assert opened.kind is EventKind.OPENED and opened.at == item.created_at
        assert history[-1].at == item.updated_at
        status = opened.to_value
        changes = [e for e in history if e.kind is EventKind.STATUS_CHANGED]
        for change in changes:
            assert change.from_value == status, item.remote_id
            status = change.to_value
        assert status == item.status, item.remote_id
        assert item.status_since == (changes[-1].at if changes else item.created_at)
        kinds = {e.kind for e in history}
        if item.status == "Merged":
            assert EventKind.MERGED in kinds and EventKind.REVIEWED in kinds
        if item.category is StatusCategory.DONE and item.status != "Merged":
            assert EventKind.CLOSED in kinds
        for reviewer in item.reviewers:
            assert any(
                e.kind is EventKind.REVIEW_REQUESTED and e.to_value == reviewer for e in history
            )


async def test_every_login_on_items_belongs_to_a_demo_person(demo: Synced) -> None:
    logins = demo_logins()
    used = {i.author for i in demo.items}
    used |= {a for i in demo.items for a in (*i.assignees, *i.reviewers)}
    used |= {e.actor for e in demo.events}
    assert used <= logins
    for name in used:
        assert any(p.matches(name) for p in PEOPLE.values())


async def test_backlog_has_the_situations_a_lead_must_catch(demo: Synced) -> None:
    for container in ("acme/api", "acme/web", "acme/mobile"):
        items = [i for i in demo.items if i.container == container]
        assert {i.category for i in items} == set(StatusCategory), container
        assert {i.kind for i in items} == {ItemKind.ISSUE, ItemKind.PULL_REQUEST}
    open_items = [i for i in demo.items if i.category is not StatusCategory.DONE]
    stale = [i for i in open_items if i.updated_at <= ANCHOR - timedelta(days=6)]
    assert len(stale) >= 3
    unassigned_high = [i for i in open_items if i.priority is Priority.HIGH and not i.assignees]
    assert len(unassigned_high) >= 3
    blocked = [i for i in demo.items if i.category is StatusCategory.BLOCKED]
    assert blocked and all(i.blocked_reason for i in blocked)
    waiting_on_me = [
        i
        for i in demo.items
        if i.kind is ItemKind.PULL_REQUEST
        and i.category is StatusCategory.IN_REVIEW
        and ME_LOGIN in i.reviewers
        and i.status_since is not None
        and i.status_since <= ANCHOR - timedelta(days=2)
    ]
    assert len(waiting_on_me) >= 3
    for item in demo.items:
        kind = "pull" if item.kind is ItemKind.PULL_REQUEST else "issues"
        assert item.url.startswith(f"https://tracker.acme.example/{item.container}/{kind}/")
        assert item.key == item.remote_id and item.key.startswith(item.container + "#")


async def test_live_arrivals_one_per_45_minutes_never_repeated(demo: Synced) -> None:
    adapter, clock = make()
    cursor = demo.cursor
    assert (await adapter.fetch(cursor)).messages == [], "an immediate re-sync has nothing new"
    clock.at = ANCHOR + timedelta(hours=3)
    result = await adapter.fetch(cursor)
    assert len(result.messages) == 4
    assert [m.kind for m in result.messages] == [MessageKind.MAIL, MessageKind.CHAT] * 2
    assert [m.received_at for m in result.messages] == [
        ANCHOR + timedelta(minutes=45 * n) for n in range(1, 5)
    ]
    assert all(not m.is_read for m in result.messages)
    again = await adapter.fetch(result.cursor)
    assert again.messages == [] and again.more is False
    clock.at += timedelta(minutes=45)
    one_more = await adapter.fetch(again.cursor)
    assert len(one_more.messages) == 1
    clock.at += timedelta(days=5)
    rest = await adapter.fetch(one_more.cursor)
    live = result.messages + one_more.messages + rest.messages
    assert len(live) == 40, "capped"
    ids = [m.remote_id for m in live] + [m.remote_id for m in demo.messages]
    assert len(set(ids)) == len(ids)
    assert await adapter.fetch(rest.cursor) == FetchResult(cursor=rest.cursor)


async def test_live_arrivals_follow_the_enabled_feeds() -> None:
    adapter, clock = make({"feeds": ["mail"]})
    synced = await first_sync(adapter)
    assert all(m.kind is MessageKind.MAIL for m in synced.messages) and not synced.items
    clock.at = ANCHOR + timedelta(hours=3)
    live = await adapter.fetch(synced.cursor)
    assert [m.kind for m in live.messages] == [MessageKind.MAIL] * 4
    tracker_only, clock = make({"feeds": ["tracker"]})
    synced = await first_sync(tracker_only)
    assert len(synced.pages) == 3 and not synced.messages
    clock.at = ANCHOR + timedelta(hours=3)
    assert (await tracker_only.fetch(synced.cursor)).messages == []


async def test_bad_settings_are_reported_clearly() -> None:
    with pytest.raises(AdapterError, match="choose from mail, chat, tracker"):
        await make({"feeds": ["mail", "fax"]})[0].fetch(None)
    with pytest.raises(AdapterError, match="seed must be a whole number"):
        await make({"seed": "lucky"})[0].fetch(None)
    with pytest.raises(AdapterError, match="days must be at least 1"):
        await make({"days": 0})[0].fetch(None)


async def test_changed_settings_or_unreadable_cursor_start_a_fresh_demo(demo: Synced) -> None:
    later = ANCHOR + timedelta(hours=5)
    reseeded, _ = make({"seed": 8}, at=later)
    result = await reseeded.fetch(demo.cursor)
    assert result.more and result.messages[0].kind is MessageKind.MAIL
    assert json.loads(result.cursor or "")["anchor"] == later.isoformat()
    for garbage in ("not json", "{}", '{"version": 1, "anchor": "yesterday"}'):
        fresh = await make()[0].fetch(garbage)
        assert fresh == demo.pages[0]


def test_declares_its_options_and_actions() -> None:
    options = {o.name: o for o in DemoAdapter.options}
    assert options["seed"].type is OptionType.INTEGER and options["seed"].default == 7
    assert options["feeds"].type is OptionType.STRING_LIST
    assert options["feeds"].default == ["mail", "chat", "tracker"]
    assert options["days"].type is OptionType.INTEGER and options["days"].default == 10
    assert all(o.help for o in DemoAdapter.options)
    assert DemoAdapter.name == "demo" and DemoAdapter.description


@pytest.mark.parametrize(
    ("action", "target"),
    [
        (ActionKind.MARK_READ, "mail-incident-1"),
        (ActionKind.MARK_UNREAD, "chat-dm-ana-hotfix"),
        (ActionKind.FLAG, "mail-live-03"),
        (ActionKind.UNFLAG, "mail-bluepeak-msa-3"),
        (ActionKind.ARCHIVE, "mail-news-backend-weekly"),
        (ActionKind.CLOSE, "acme/api#412"),
    ],
)
async def test_apply_accepts_declared_actions(action: ActionKind, target: str) -> None:
    adapter, _ = make()
    assert action in DemoAdapter.actions
    await adapter.apply(OutboxAction("demo", action, target, ANCHOR))


@pytest.mark.parametrize(
    ("action", "target", "reason"),
    [
        (ActionKind.COMMENT, "acme/api#412", "cannot comment"),
        (ActionKind.CLOSE, "mail-incident-1", "must be a work item"),
        (ActionKind.ARCHIVE, "acme/web#231", "must be a demo message"),
        (ActionKind.MARK_READ, "", "must be a demo message"),
        (ActionKind.CLOSE, "other/repo#1", "must be a work item"),
    ],
)
async def test_apply_rejects_what_the_demo_cannot_do(
    action: ActionKind, target: str, reason: str
) -> None:
    adapter, _ = make()
    with pytest.raises(AdapterError, match=reason):
        await adapter.apply(OutboxAction("demo", action, target, ANCHOR))
