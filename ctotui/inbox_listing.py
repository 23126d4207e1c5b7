"""The inbox as JSON for scripts: each message with its rank, reasons, split and state.

`ctotui list inbox --json` prints this; the rank is the position in the listed
order, the reasons are the triage rules that fired, so a script sees exactly
what the Inbox panel shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ctotui.bulk import is_bulk
from ctotui.config import Config
from ctotui.model import Message, TriageState
from ctotui.serialize import to_jsonable
from ctotui.store import Store
from ctotui.store.inbox import split_of
from ctotui.triage import score_with_config


def inbox_json(
    messages: Sequence[Message], store: Store, config: Config, now: datetime
) -> list[dict[str, Any]]:
    mine: dict[str, set[str]] = {}
    rows: list[dict[str, Any]] = []
    for rank, message in enumerate(messages, start=1):
        if message.source not in mine:
            mine[message.source] = store.my_message_ids(message.source)
        score = score_with_config(
            message, config, now, replies_to_me=message.in_reply_to in mine[message.source]
        )
        row: dict[str, Any] = to_jsonable(message)
        row["rank"] = rank
        row["reasons"] = list(score.reasons)
        row["split"] = split_of(
            message.importance, is_bulk(message), message.triage is not TriageState.DONE
        ).value
        row["state"] = message.triage.value
        rows.append(row)
    return rows
