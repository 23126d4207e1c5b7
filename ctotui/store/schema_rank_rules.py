"""Schema step: which triage rules ranked the stored messages (to re-rank when they change)."""

from __future__ import annotations

CACHE: tuple[str, ...] = (
    "CREATE TABLE rank_rules (id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL)",
)
CACHE_TABLES: tuple[str, ...] = ("rank_rules",)
