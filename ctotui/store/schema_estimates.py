"""Schema for the estimates workbench: assumptions, risks, fixed costs, task units and links.

All of it is the user's own data, so every step is a `user` step: a cache
rebuild never touches these tables.
"""

from __future__ import annotations

USER: tuple[str, ...] = (
    "ALTER TABLE estimates ADD COLUMN assumptions TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE estimate_tasks ADD COLUMN unit TEXT NOT NULL DEFAULT 'd'",
    "ALTER TABLE estimate_tasks ADD COLUMN links TEXT NOT NULL DEFAULT '[]'",
    """
    CREATE TABLE estimate_risks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        estimate_id INTEGER NOT NULL REFERENCES estimates (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        probability REAL NOT NULL,
        impact_days REAL NOT NULL,
        impact_cost REAL NOT NULL
    )
    """,
    "CREATE INDEX estimate_risks_estimate ON estimate_risks (estimate_id, position)",
    """
    CREATE TABLE estimate_fixed_costs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        estimate_id INTEGER NOT NULL REFERENCES estimates (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        amount REAL NOT NULL
    )
    """,
    "CREATE INDEX estimate_fixed_costs_estimate ON estimate_fixed_costs (estimate_id, position)",
)
