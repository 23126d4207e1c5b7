"""Every key binding of the app by id, with its default keys, and conflicts between them.

The Settings screen rebinds keys by binding id (the same ids as `[ui.keys]`);
it needs the full list, not just the bindings of the screen on show, and must
warn when a new key is already taken where the binding is active. A binding's
scope is its id's prefix (`inbox.done` acts on the inbox); app-level bindings
(`app.*`) are active everywhere, so they conflict with every scope.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import _normalize_key_list, format_key

APP_SCOPE = "app"


@dataclass(frozen=True, slots=True)
class BindingEntry:
    """One rebindable binding: its id, default keys and what it does."""

    binding_id: str
    default_keys: str
    description: str
    tooltip: str

    @property
    def scope(self) -> str:
        return self.binding_id.partition(".")[0]


def binding_catalog(app_bindings: Iterable[Binding | object]) -> list[BindingEntry]:
    """Every binding with an id: the app's and those of every screen and widget module.

    Imports the screen and widget modules, so call it only when the list is needed
    (the Settings screen, a configured key map), never at start-up.
    """
    import ctotui.screens
    import ctotui.widgets

    found: dict[str, BindingEntry] = {}

    def add(bindings: Iterable[Binding | object]) -> None:
        for binding in bindings:
            if isinstance(binding, Binding) and binding.id and binding.id not in found:
                found[binding.id] = BindingEntry(
                    binding.id,
                    _normalize_key_list(binding.key),
                    binding.description or binding.action,
                    binding.tooltip or "",
                )

    add(app_bindings)
    for package in (ctotui.screens, ctotui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, DOMNode):
                    add(value.BINDINGS)
    return sorted(found.values(), key=lambda e: (e.scope != APP_SCOPE, e.binding_id))


def effective_keys(entry: BindingEntry, keymap: Mapping[str, str]) -> tuple[str, ...]:
    """The keys that run the binding now: the key map's if it names the id, else the default."""
    keys = keymap.get(entry.binding_id) or entry.default_keys
    return tuple(k for k in _normalize_key_list(keys).split(",") if k)


def conflicts(
    entry: BindingEntry, key: str, catalog: Iterable[BindingEntry], keymap: Mapping[str, str]
) -> list[BindingEntry]:
    """Other bindings that `key` already runs where `entry` is active."""
    wanted = _normalize_key_list(key)
    return [
        other
        for other in catalog
        if other.binding_id != entry.binding_id
        and (APP_SCOPE in (other.scope, entry.scope) or other.scope == entry.scope)
        and wanted in effective_keys(other, keymap)
    ]


def display_keys(keys: Iterable[str]) -> str:
    """Keys as people read them: `?` rather than question_mark, `^r` for ctrl+r."""
    shown = []
    for key in keys:
        *modifiers, name = key.split("+")
        text = format_key(name)
        if "ctrl" in modifiers:
            modifiers.remove("ctrl")
            text = f"^{text}"
        shown.append("+".join([*modifiers, text]))
    return ", ".join(shown)
