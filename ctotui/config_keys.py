"""`[ui.keys]`: the user's key map, binding id -> keys, checked for shape here.

Which ids exist is known only to the UI (bindings live on screens), so the app
reports unknown ids when it starts; here we check that every entry is a
`panel.action` id mapped to a non-empty, comma-separated list of key names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from ctotui.config_problems import Problems
from ctotui.config_values import type_name

_BINDING_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_KEY = re.compile(r"^[A-Za-z0-9_+\-]+$|^.$")
# Keys that many terminals never send: a binding on them alone would be unreachable.
UNSENDABLE = frozenset({"ctrl+enter", "shift+enter", "ctrl+space", "ctrl+shift+enter"})


def check_keymap(raw: object, problems: Problems) -> Mapping[str, str]:
    if raw is None:
        return MappingProxyType({})
    if not isinstance(raw, dict):
        problems.add(
            "ui.keys",
            f"expected a table, got {type_name(raw)}",
            'Write it as [ui.keys] with lines like "inbox.done" = "e"',
        )
        return MappingProxyType({})
    keymap: dict[str, str] = {}
    for binding_id, keys in raw.items():
        where = f"ui.keys.{binding_id}"
        if not _BINDING_ID.match(binding_id):
            problems.add(
                where,
                f"{binding_id!r} is not a binding id",
                "Use the id shown by `?` in the app, like inbox.done or app.sync",
            )
            continue
        if not isinstance(keys, str) or not keys.strip():
            problems.add(
                where, f"expected keys as a string, got {type_name(keys)}", 'e.g. "e,delete"'
            )
            continue
        names = [k.strip() for k in keys.split(",")]
        bad = [k for k in names if not k or not _KEY.match(k)]
        if bad:
            problems.add(
                where, f"not key names: {', '.join(repr(b) for b in bad)}", 'e.g. "ctrl+d,x"'
            )
            continue
        if all(k.lower() in UNSENDABLE for k in names):
            problems.add(
                where,
                f"terminals do not send {keys!r}",
                "Add a key terminals send, e.g. a letter or ctrl+letter",
            )
            continue
        keymap[binding_id] = ",".join(names)
    return MappingProxyType(keymap)
