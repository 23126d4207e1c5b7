"""What every adapter is: a declared set of options and actions, `fetch` and `apply`.

Adapters are found through the `ctotui.adapters` entry-point group (see
`ctotui.registry`); a third-party package registers its class the same way the
built-ins do. The option declarations drive config validation and `doctor`,
so no code above this layer knows any one adapter's settings.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from ctotui.clock import Clock
from ctotui.errors import AdapterError
from ctotui.model import (
    ActionKind,
    Message,
    OutboxAction,
    Person,
    SourceKind,
    WorkEvent,
    WorkItem,
)


class OptionType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    FLOAT = "float"
    BOOLEAN = "boolean"
    STRING_LIST = "string_list"
    PATH = "path"
    URL = "url"


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """One option an adapter accepts in its `[[sources]]` table."""

    name: str
    type: OptionType
    help: str
    required: bool = False
    secret: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AdapterContext:
    """What the engine gives an adapter: who the user is, the clock, the people."""

    clock: Clock
    people: Mapping[str, Person] = field(default_factory=dict)
    me: Person | None = None


@dataclass(slots=True)
class FetchResult:
    """One page of new or changed data and the cursor to resume after it.

    `more` says the source has another page ready: the engine calls `fetch`
    again with the new cursor until it is False.
    """

    cursor: str | None
    messages: list[Message] = field(default_factory=list)
    items: list[WorkItem] = field(default_factory=list)
    events: list[WorkEvent] = field(default_factory=list)
    more: bool = False
    remaining: int | None = None
    """Messages or items still to fetch after this page, when the source knows (progress)."""


class Adapter(ABC):
    """Base class of every source adapter.

    Subclasses set the class attributes and implement `fetch`; `apply` only if
    they declare actions. `settings` holds validated options with secrets
    already resolved: an adapter never sees `{ env = ... }` tables.
    """

    name: ClassVar[str]
    kinds: ClassVar[frozenset[SourceKind]]
    description: ClassVar[str] = ""
    options: ClassVar[tuple[OptionSpec, ...]] = ()
    actions: ClassVar[frozenset[ActionKind]] = frozenset()

    def __init__(self, source: str, settings: Mapping[str, Any], context: AdapterContext) -> None:
        self.source = source
        self.settings = dict(settings)
        self.context = context

    @abstractmethod
    async def fetch(self, cursor: str | None) -> FetchResult:
        """New and changed data since `cursor` (None: the first sync)."""

    async def apply(self, action: OutboxAction) -> None:
        """Carry out a user action on the remote source; raise AdapterError on failure."""
        raise AdapterError(f"{self.name} sources do not support {action.action.value}")

    async def fetch_full(self, message: Message) -> Message | None:
        """The message with its complete body, for sources that fetch snippets first.

        Called when the user opens a message whose `body_complete` is False; the
        result is stored, so the body is downloaded once. None: nothing more to load.
        """
        return None

    async def probe(self) -> str:
        """Check the source is reachable and the credentials work, for `ctotui doctor`.

        Returns a short line saying what was checked (e.g. "token accepted, scopes
        repo, notifications"); raises AdapterError with a clear message otherwise.
        """
        return "nothing to check"

    async def aclose(self) -> None:
        """Release connections; called once after the last fetch or apply."""
        return None
