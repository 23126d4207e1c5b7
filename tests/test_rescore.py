"""Stored mail is ranked again when the triage rules change, in the app or in config.toml."""

from __future__ import annotations

from dataclasses import replace

from ctotui.clock import FixedClock
from ctotui.rescore import rescore_if_rules_changed, rules_fingerprint
from ctotui.store import IMPORTANT_THRESHOLD
from ctotui.store.inbox import InboxSplit, MessageQuery
from ctotui.triage import TriageRules
from ctotui.workspace import Workspace


def test_a_store_ranked_by_todays_rules_only_records_them(
    demo_workspace: Workspace, clock: FixedClock
) -> None:
    store, config = demo_workspace.store, demo_workspace.config
    assert store.ranked_with() is None
    assert rescore_if_rules_changed(store, config, clock.now()) == 0
    assert store.ranked_with() == rules_fingerprint(config)
    assert rescore_if_rules_changed(store, config, clock.now()) is None


def test_a_new_vip_in_the_config_ranks_their_stored_mail_high(
    demo_workspace: Workspace, clock: FixedClock
) -> None:
    store, config = demo_workspace.store, demo_workspace.config
    rescore_if_rules_changed(store, config, clock.now())
    other = store.page_messages(MessageQuery(split=InboxSplit.OTHER), 0, 100)
    target = next(m for m in other if "@" in m.sender_address)
    assert target.id is not None and target.importance < IMPORTANT_THRESHOLD
    important_before = store.count_messages(MessageQuery(split=InboxSplit.IMPORTANT))

    edited = replace(config, triage=TriageRules(vips=(target.sender_address,)))
    changed = rescore_if_rules_changed(store, edited, clock.now())

    assert changed is not None and changed >= 1
    rescored = store.get_message(target.id)
    assert rescored is not None and rescored.importance >= IMPORTANT_THRESHOLD
    assert store.count_messages(MessageQuery(split=InboxSplit.IMPORTANT)) > important_before
    assert store.ranked_with() == rules_fingerprint(edited)
