"""A deterministic big workspace: N messages and M work items in a fresh store.

Seeded, so every run measures the same data. Rows go in through the real
`Store.save_fetch`, in batches, exactly as a sync writes them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ctotui.model import (
    ItemKind,
    Message,
    MessageKind,
    Priority,
    StatusCategory,
    WorkItem,
)
from ctotui.store import Store

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
BATCH = 5_000
WORDS = [
    "order",
    "sync",
    "invoice",
    "deploy",
    "review",
    "latency",
    "budget",
    "contract",
    "incident",
    "roadmap",
    "hiring",
    "migration",
    "release",
    "postgres",
    "cache",
    "checkout",
    "mobile",
    "portal",
    "billing",
    "partner",
    "escalation",
    "security",
    "audit",
    "dashboard",
    "onboarding",
    "outage",
    "retry",
    "queue",
    "webhook",
    "tax",
    "forecast",
]
PEOPLE = [(f"Person {i}", f"person{i}@acme.example") for i in range(200)]
CONFIG = """me = "cto"

[people.cto]
name = "Bench CTO"
emails = ["cto@acme.example"]
bench = "bench-cto"
"""


SOURCES = """
[[sources]]
name = "work-mail"
adapter = "imap"
host = "imap.acme.example"
username = "cto@acme.example"
password = { env = "BENCH_MAIL_PASSWORD" }

[[sources]]
name = "code"
adapter = "github"
token = { env = "BENCH_GITHUB_TOKEN" }
repos = ["acme/api", "acme/web"]

[[sources]]
name = "chat"
adapter = "slack"
token = { env = "BENCH_SLACK_TOKEN" }
channels = ["#eng"]

[[sources]]
name = "tickets"
adapter = "jira"
base_url = "https://jira.acme.example"
email = "cto@acme.example"
token = { env = "BENCH_JIRA_TOKEN" }
jql = ["project = API"]
"""
"""A realistic set of sources (never synced here): loading the config loads their adapters."""


@dataclass(frozen=True, slots=True)
class Workspace:
    data_dir: Path
    config: Path
    messages: int
    items: int


def with_sources(ws: Workspace) -> Path:
    """A config for the same store that also names four sources, as a user's would."""
    path = ws.data_dir / "config-sources.toml"
    path.write_text(CONFIG + SOURCES)
    return path


def build(root: Path, *, messages: int, items: int, seed: int = 1) -> Workspace:
    """Create (or reuse, if already complete) a workspace with the given sizes under `root`."""
    data_dir = root / f"ws-{messages}-{items}-{seed}"
    config = data_dir / "config.toml"
    marker = data_dir / "complete"
    if marker.exists():
        return Workspace(data_dir, config, messages, items)
    data_dir.mkdir(parents=True, exist_ok=True)
    config.write_text(CONFIG)
    rng = random.Random(seed)
    with Store.open(data_dir / "ctotui.db") as store:
        for start in range(0, messages, BATCH):
            batch = [_message(rng, i) for i in range(start, min(messages, start + BATCH))]
            store.save_fetch(
                "bench-mail", "bench", messages=batch, items=[], events=[], cursor=None, at=NOW
            )
        for start in range(0, items, BATCH):
            batch_items = [_item(rng, i) for i in range(start, min(items, start + BATCH))]
            store.save_fetch(
                "bench-tracker", "bench", messages=[], items=batch_items, events=[],
                cursor=None, at=NOW,
            )  # fmt: skip
    marker.write_text("ok\n")
    return Workspace(data_dir, config, messages, items)


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _message(rng: random.Random, index: int) -> Message:
    name, address = PEOPLE[rng.randrange(len(PEOPLE))]
    body = "\n".join(_sentence(rng, 12).capitalize() + "." for _ in range(rng.randint(3, 12)))
    return Message(
        source="bench-mail",
        remote_id=f"m{index}",
        kind=MessageKind.MAIL if index % 5 else MessageKind.CHAT,
        folder="INBOX",
        sender_name=name,
        sender_address=address,
        subject=_sentence(rng, rng.randint(3, 9)).capitalize(),
        body=body,
        received_at=NOW - timedelta(minutes=index * 7 + rng.randint(0, 6)),
        recipients=("cto@acme.example",),
        thread_id=f"t{index // 3}",
        is_read=rng.random() < 0.8,
        is_flagged=rng.random() < 0.02,
        is_direct=rng.random() < 0.4,
        is_list=rng.random() < 0.3,
        importance=rng.randint(0, 100),
    )


def _item(rng: random.Random, index: int) -> WorkItem:
    category = rng.choice(list(StatusCategory))
    updated = NOW - timedelta(hours=index // 4)
    return WorkItem(
        source="bench-tracker",
        remote_id=f"i{index}",
        key=f"acme/repo{index % 20}#{index}",
        kind=ItemKind.PULL_REQUEST if index % 3 == 0 else ItemKind.ISSUE,
        title=_sentence(rng, rng.randint(4, 10)).capitalize(),
        status=category.value.replace("_", " "),
        category=category,
        created_at=updated - timedelta(days=rng.randint(0, 60)),
        updated_at=updated,
        container=f"acme/repo{index % 20}",
        assignees=(f"login{rng.randrange(200)}",),
        reviewers=("bench-cto",) if rng.random() < 0.01 else (),
        priority=rng.choice(list(Priority)),
    )
