"""A minimal third-party ctotui adapter, registered as `echo` through its own metadata.

It exists to prove that a package ctotui knows nothing about appears in config
and `doctor` once installed: one required option, one work item.
"""

from __future__ import annotations

from typing import ClassVar

from ctotui.adapters.base import Adapter, FetchResult, OptionSpec, OptionType
from ctotui.model import ItemKind, SourceKind, StatusCategory, WorkItem


class EchoAdapter(Adapter):
    """A tracker with a single open item whose title is the configured greeting."""

    name: ClassVar[str] = "echo"
    kinds: ClassVar[frozenset[SourceKind]] = frozenset({SourceKind.TRACKER})
    description: ClassVar[str] = "One work item titled with a greeting (example plugin)."
    options: ClassVar[tuple[OptionSpec, ...]] = (
        OptionSpec("greeting", OptionType.STRING, "the title of the one work item", required=True),
    )

    async def fetch(self, cursor: str | None) -> FetchResult:
        now = self.context.clock.now()
        item = WorkItem(
            source=self.source,
            remote_id="echo-1",
            key="ECHO-1",
            kind=ItemKind.ISSUE,
            title=str(self.settings["greeting"]),
            status="Open",
            category=StatusCategory.TODO,
            created_at=now,
            updated_at=now,
        )
        return FetchResult(cursor="done", items=[] if cursor == "done" else [item])
