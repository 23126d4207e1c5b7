"""Ranking the open messages again when the triage rules change.

Importance is scored at sync time and stored, so the splits stay indexed
queries. A new VIP or keyword (in the Settings screen or in config.toml) must
rank the mail already stored too: the store records a fingerprint of the
rules that ranked it, and a different fingerprint means "score again".
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from ctotui.config import Config
from ctotui.store import Store
from ctotui.triage import score_with_config

BATCH = 2000


def rules_fingerprint(config: Config) -> str:
    """Everything scoring reads from the config: the triage rules, people and who I am."""
    rules = config.triage
    people = sorted(
        (p.key, p.vip, sorted(p.emails), sorted(p.logins.items())) for p in config.people.values()
    )
    me = config.me_person.key if config.me_person else ""
    facts = [rules.vips, rules.team_domains, rules.client_domains, rules.keywords, people, me]
    return hashlib.sha256(json.dumps(facts, default=list).encode()).hexdigest()


def rescore_if_rules_changed(store: Store, config: Config, now: datetime) -> int | None:
    """Re-rank when the rules differ from those that ranked the store; None when unchanged.

    A store that never recorded its rules was ranked by the current ones (every
    sync scores with the config of the day), so it only records them.
    """
    fingerprint = rules_fingerprint(config)
    recorded = store.ranked_with()
    if recorded == fingerprint:
        return None
    changed = 0 if recorded is None else rescore_open_messages(store, config, now)
    store.set_ranked_with(fingerprint)
    return changed


def rescore_open_messages(store: Store, config: Config, now: datetime) -> int:
    """Score every open message with the config's rules; returns how many changed rank."""
    mine: dict[str, set[str]] = {}
    changed = 0
    after = 0
    while batch := store.open_messages_after(after, BATCH):
        ranks: list[tuple[int, int]] = []
        for message in batch:
            if message.source not in mine:
                mine[message.source] = store.my_message_ids(message.source)
            score = score_with_config(
                message, config, now, replies_to_me=message.in_reply_to in mine[message.source]
            )
            if message.id is not None:
                ranks.append((message.id, score.value))
        changed += store.set_importances(ranks)
        after = max(m.id for m in batch if m.id is not None)
    store.set_ranked_with(rules_fingerprint(config))
    return changed
