"""The `--demo` workspace: its own data directory, config file and seeded user data.

The demo never touches the user's real config or database: it lives in a
`demo` folder of the data directory, with a config that names only the demo
source, so trying ctotui needs no account, network or setup.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

import platformdirs
import tomli_w

from ctotui.adapters.demo_company import LOGIN_SYSTEM, ME_KEY, PEOPLE, PROJECTS
from ctotui.adapters.demo_userdata import (
    demo_estimate,
    demo_estimate_settings,
    demo_standup_notes,
    demo_todos,
)
from ctotui.clock import Clock
from ctotui.errors import CtotuiError
from ctotui.model import Estimate, StandupNote, Todo

DEMO_SOURCE_NAME = "demo"
DEMO_ADAPTER = "demo"
CONFIG_NAME = "config.toml"
DATA_DIR_ENV = "CTOTUI_DATA_DIR"

_HEADER = """\
# ctotui demo workspace: a made-up company with generated mail, chat and
# three projects. Everything here is invented; no account or network is used.
# Edit freely: delete this file to get the original back.

"""


class UserDataStore(Protocol):
    """The part of `ctotui.store.Store` that seeding needs."""

    def transaction(self) -> AbstractContextManager[None]: ...
    def add_todo(self, todo: Todo, /) -> int: ...
    def list_todos(self) -> Sequence[Todo]: ...
    def save_estimate(self, estimate: Estimate, /) -> int: ...
    def list_estimates(self) -> Sequence[Estimate]: ...
    def save_standup_note(self, note: StandupNote, /) -> int: ...


def demo_data_dir(base: Path | None = None) -> Path:
    """Where the demo keeps its config and database: `<data dir>/demo`.

    The data dir is `base` when given, else $CTOTUI_DATA_DIR, else the platform's
    user data dir; the `demo` subfolder keeps demo data apart from real data.
    """
    if base is None:
        env = os.environ.get(DATA_DIR_ENV, "").strip()
        base = Path(env) if env else Path(platformdirs.user_data_dir("ctotui"))
    return base.expanduser() / "demo"


def demo_config_text() -> str:
    """The demo's config file: the user, the demo source, three projects and the people."""
    people: dict[str, Any] = {}
    for key, person in PEOPLE.items():
        entry: dict[str, Any] = {
            "name": person.name,
            "emails": list(person.emails),
            "role": person.role,
        }
        if person.vip:
            entry["vip"] = True
        if LOGIN_SYSTEM in person.logins:
            entry[LOGIN_SYSTEM] = person.logins[LOGIN_SYSTEM]
        people[key] = entry
    document: dict[str, Any] = {
        "me": ME_KEY,
        "ui": {"theme": "textual-dark"},
        "sources": [
            {
                "name": DEMO_SOURCE_NAME,
                "adapter": DEMO_ADAPTER,
                "seed": 7,
                "feeds": ["mail", "chat", "tracker"],
                "days": 10,
            }
        ],
        "projects": [
            {
                "name": p.name,
                "sources": [DEMO_SOURCE_NAME],
                "containers": [p.repo],
                "people": list(p.people),
                "description": p.description,
            }
            for p in PROJECTS
        ],
        "people": people,
        "estimates": demo_estimate_settings(),
    }
    return _HEADER + tomli_w.dumps(document)


def ensure_demo_workspace(data_dir: Path) -> Path:
    """Create `data_dir` and its config file when missing; return the config path.

    An existing config is left alone so the user's edits to the demo survive.
    """
    path = data_dir / CONFIG_NAME
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            _write_atomically(path, demo_config_text())
    except OSError as exc:
        raise CtotuiError(
            f"Cannot create the demo workspace in {data_dir}: {exc.strerror or exc}. "
            f"Set {DATA_DIR_ENV} to a writable folder.",
            title="Demo workspace",
        ) from exc
    return path


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file so a crash never leaves half a config behind."""
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def seed_user_data(store: UserDataStore, clock: Clock) -> bool:
    """Add the demo's to-dos, estimate and standup notes to a store that has none.

    Returns whether it seeded. A store with any to-do or estimate is the user's
    own by now, so it is never seeded twice or mixed into.
    """
    if store.list_todos() or store.list_estimates():
        return False
    now = clock.now()
    with store.transaction():
        for todo in demo_todos(now):
            store.add_todo(todo)
        store.save_estimate(demo_estimate(now))
        for note in demo_standup_notes(now):
            store.save_standup_note(note)
    return True
