"""Schema step: tracker details on work items — milestone, CI checks, links, estimate, sprint."""

from __future__ import annotations

CACHE: tuple[str, ...] = (
    "ALTER TABLE work_items ADD COLUMN milestone TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE work_items ADD COLUMN checks TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE work_items ADD COLUMN links TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE work_items ADD COLUMN estimate REAL",
    "ALTER TABLE work_items ADD COLUMN sprint TEXT NOT NULL DEFAULT ''",
)
