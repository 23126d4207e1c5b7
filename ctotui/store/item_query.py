"""Which work items a tracker view shows: categories, sources, text, people."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ctotui.model import StatusCategory
from ctotui.store.item_rows import identity


@dataclass(frozen=True)
class ItemQuery:
    """A tracker view. `involving` matches author, assignee or reviewer, case-insensitively."""

    categories: frozenset[StatusCategory] | None = None
    sources: tuple[str, ...] | None = None
    containers: tuple[str, ...] | None = None
    text: str = ""
    involving: tuple[str, ...] = ()


def _like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` literally anywhere (% and _ typed by the user are escaped)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def item_filter(query: ItemQuery) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (or "") and parameters for a query over `work_items w`.

    A single category is an index range; other filters are residual (`+`), so
    pages come straight off the updated_at order and never need a sort.
    """
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if query.categories is not None:
        names = sorted(c.value for c in query.categories)
        if len(names) == 1:
            clauses.append("w.category = :category")
            params["category"] = names[0]
        else:
            clauses.append("+w.category IN (SELECT value FROM json_each(:categories))")
            params["categories"] = json.dumps(names)
    if query.sources is not None:
        clauses.append("+w.source IN (SELECT value FROM json_each(:sources))")
        params["sources"] = json.dumps(list(query.sources))
    if query.containers is not None:
        clauses.append("+w.container IN (SELECT value FROM json_each(:containers))")
        params["containers"] = json.dumps(list(query.containers))
    text = query.text.strip()
    if text:
        clauses.append("(w.title LIKE :like ESCAPE '\\' OR w.key LIKE :like ESCAPE '\\')")
        params["like"] = _like_pattern(text)
    if query.involving:
        clauses.append(
            "EXISTS (SELECT 1 FROM json_each(w.people) p"
            " WHERE p.value IN (SELECT value FROM json_each(:involving)))"
        )
        params["involving"] = json.dumps([identity(i) for i in query.involving])
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
