"""One way to score with the config: sync, re-ranking, the inbox and its JSON listing agree."""

from __future__ import annotations

from dataclasses import replace

from ctotui.clock import FixedClock
from ctotui.inbox_listing import inbox_json
from ctotui.rescore import rescore_open_messages
from ctotui.screens.inbox_detail import explain
from ctotui.store.inbox import InboxSplit, MessageQuery
from ctotui.triage import TriageRules, score_message, score_with_config
from ctotui.workspace import Workspace


def test_scoring_with_the_config_uses_its_people_me_and_rules(
    demo_workspace: Workspace, clock: FixedClock
) -> None:
    config = demo_workspace.config
    messages = demo_workspace.store.page_messages(MessageQuery(split=InboxSplit.ALL), 0, 200)
    assert messages
    for message in messages:
        for replies in (False, True):
            assert score_with_config(
                message, config, clock.now(), replies_to_me=replies
            ) == score_message(
                message,
                people=config.people,
                me=config.me_person,
                now=clock.now(),
                rules=config.triage,
                replies_to_me=replies,
            )


def test_stored_rank_listing_reasons_and_detail_agree(
    demo_workspace: Workspace, clock: FixedClock
) -> None:
    store, now = demo_workspace.store, clock.now()
    other = store.page_messages(MessageQuery(split=InboxSplit.OTHER), 0, 100)
    target = next(m for m in other if "@" in m.sender_address)
    config = replace(demo_workspace.config, triage=TriageRules(vips=(target.sender_address,)))
    rescore_open_messages(store, config, now)

    messages = store.page_messages(MessageQuery(split=InboxSplit.NEW), 0, 500)
    listed = {row["remote_id"]: row for row in inbox_json(messages, store, config, now)}
    for message in messages:
        reasons = explain(message, store, config, now)
        assert listed[message.remote_id]["reasons"] == list(reasons.reasons)
        assert message.importance == reasons.value
    assert "VIP sender" in listed[target.remote_id]["reasons"]
