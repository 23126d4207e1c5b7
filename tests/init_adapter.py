"""A tracker adapter for the init tests: one option of every kind, and a login check."""

from __future__ import annotations

from typing import ClassVar

from ctotui import registry
from ctotui.adapters.base import Adapter, FetchResult, OptionSpec, OptionType
from ctotui.errors import AdapterError
from ctotui.model import SourceKind

GOOD_TOKEN = "sesame-4b1d"


class KeyTracker(Adapter):
    """Issues from a key tracker (a test adapter)."""

    name: ClassVar[str] = "keytracker"
    kinds: ClassVar[frozenset[SourceKind]] = frozenset({SourceKind.TRACKER})
    description: ClassVar[str] = "Issues from the Key tracker (test adapter)."
    options: ClassVar[tuple[OptionSpec, ...]] = (
        OptionSpec(
            "mode",
            OptionType.STRING,
            "cloud or server.",
            choices=("cloud", "server"),
            default="cloud",
        ),
        OptionSpec("url", OptionType.URL, "The tracker's address.", required=True),
        OptionSpec(
            "labels",
            OptionType.STRING_LIST,
            "Labels that mark an item blocked.",
            default=["blocked"],
        ),
        OptionSpec("verify", OptionType.BOOLEAN, "Check the TLS certificate.", default=True),
        OptionSpec("page_size", OptionType.INTEGER, "Items per page.", default=50),
        OptionSpec("user", OptionType.STRING, "Your login.", required=True),
        OptionSpec("token", OptionType.STRING, "API token.", required=True, secret=True),
    )

    async def fetch(self, cursor: str | None) -> FetchResult:
        return FetchResult(cursor=cursor)

    async def probe(self) -> str:
        if self.settings["token"] != GOOD_TOKEN:
            raise AdapterError(f"{self.settings['url']} answered 401: login refused")
        return f"login accepted for {self.settings['user']}; scopes read, write"


_installed = registry.load_adapter


def loader(name: str) -> type[Adapter]:
    """The registry's loader with this adapter installed as `keytracker`."""
    return KeyTracker if name == "keytracker" else _installed(name)
