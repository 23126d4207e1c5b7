"""Store reads behind the radar: unanswered questions, tracker mentions, my review requests."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from ctotui.model import EventKind, Message, StatusCategory, WorkEvent, WorkItem
from ctotui.store.base import StoreBase
from ctotui.store.codec import to_epoch
from ctotui.store.item_rows import (
    EVENT_SELECT,
    ITEM_SELECT,
    event_from_row,
    identity,
    item_from_row,
)
from ctotui.store.message_rows import SELECT_COLUMNS, message_from_row


class RadarMixin(StoreBase):
    def items_involving(
        self, identities: Sequence[str], categories: Iterable[StatusCategory], limit: int
    ) -> list[WorkItem]:
        """Items in `categories` whose author, an assignee or a reviewer is one of `identities`
        (any case), most recently updated first: `page_items` with `involving`, through the
        indexed `work_item_people` table instead of every item's JSON."""
        rows = self._all(
            f"SELECT {ITEM_SELECT} FROM work_items w WHERE w.id IN (SELECT p.item_id"
            " FROM work_item_people p WHERE p.identity IN (SELECT value FROM json_each(?)))"
            " AND +w.category IN (SELECT value FROM json_each(?))"
            " ORDER BY w.updated_at DESC, w.id DESC LIMIT ?",
            (
                json.dumps(sorted({identity(i) for i in identities})),
                json.dumps(sorted(c.value for c in categories)),
                max(limit, 0),
            ),
        )
        return [item_from_row(row) for row in rows]

    def unanswered_questions_from_me(self, since: datetime, limit: int = 200) -> list[Message]:
        """Messages I sent since `since` asking a question ("?") that nobody answered after.

        An answer is a later message in the same thread from someone else; a
        message without a thread cannot be answered in the store, so it counts
        as unanswered. Oldest first.
        """
        rows = self._all(
            f"SELECT {SELECT_COLUMNS} FROM messages m"
            " WHERE m.from_me = 1 AND m.received_at >= :since"
            " AND (instr(m.body, '?') > 0 OR instr(m.subject, '?') > 0)"
            " AND NOT EXISTS (SELECT 1 FROM messages r"
            "   WHERE r.source = m.source AND m.thread_id <> '' AND r.thread_id = m.thread_id"
            "   AND r.received_at >= m.received_at AND r.id <> m.id AND r.from_me = 0)"
            " ORDER BY m.received_at, m.id LIMIT :limit",
            {"since": to_epoch(since), "limit": max(limit, 0)},
        )
        return [message_from_row(row) for row in rows]

    def open_tracker_mentions(self, since: datetime, limit: int = 200) -> list[Message]:
        """Tracker notifications mentioning me (or my team), still open; oldest first."""
        rows = self._all(
            f"SELECT {SELECT_COLUMNS} FROM messages m"
            " WHERE m.kind = 'notification' AND m.is_open = 1 AND m.received_at >= :since"
            " AND EXISTS (SELECT 1 FROM json_each(m.labels) j"
            "   WHERE j.value IN ('mention', 'team_mention'))"
            " ORDER BY m.received_at, m.id LIMIT :limit",
            {"since": to_epoch(since), "limit": max(limit, 0)},
        )
        return [message_from_row(row) for row in rows]

    def review_requests_by(self, actors: Sequence[str], since: datetime) -> list[WorkEvent]:
        """Review requests made by any of `actors` (any case) since `since`, oldest first."""
        rows = self._all(
            f"SELECT {EVENT_SELECT} FROM work_events e"
            " WHERE e.at >= ? AND e.kind = ? AND lower(trim(e.actor)) IN"
            " (SELECT value FROM json_each(?)) ORDER BY e.at, e.id",
            (
                to_epoch(since),
                EventKind.REVIEW_REQUESTED.value,
                json.dumps(sorted({a.strip().lower() for a in actors})),
            ),
        )
        return [event_from_row(row) for row in rows]
