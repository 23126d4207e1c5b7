"""Writing new `[[sources]]` into the user's config without touching what is there.

The config is the user's own file: comments, order and spacing stay byte for
byte. New sources are rendered with tomli-w and appended as text after a
backup copy is taken, and the result must load with the strict loader before
it replaces the file. `ctotui init` (form and command line) is the only caller.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w

from ctotui import registry
from ctotui.adapters.base import Adapter
from ctotui.config import config_from_text
from ctotui.errors import ConfigProblem, CtotuiError

AdapterLoader = Callable[[str], type[Adapter]]

NEW_FILE_MODE = 0o600
"""A new config may hold a plain-text secret the user insisted on: only they read it."""


class ConfigWriteError(CtotuiError):
    """The config could not be written; nothing was changed."""

    title = "Config not written"


@dataclass(frozen=True)
class SourceDraft:
    """One new `[[sources]]` table: its name, adapter and the options the user set.

    `values` holds TOML-ready values in the order they are written; a secret is
    a one-key dict (`{"env": NAME}` / `{"command": ...}`) or, when the user
    insisted, a plain string.
    """

    name: str
    adapter: str
    values: Mapping[str, Any] = field(default_factory=dict)
    secrets: frozenset[str] = frozenset()
    """The options that are secrets: a plain-text one is masked wherever it is shown."""

    def masked(self) -> SourceDraft:
        """The draft with plain-text secrets replaced by `***`, for diffs on screen."""
        values = {
            key: "***" if key in self.secrets and isinstance(value, str) else value
            for key, value in self.values.items()
        }
        return SourceDraft(self.name, self.adapter, values, self.secrets)


@dataclass(frozen=True)
class WritePlan:
    """What writing will do: the file's current bytes, the bytes appended, the diff."""

    path: Path
    original: bytes | None
    appended: bytes
    diff: str
    backup: Path | None

    @property
    def new_file(self) -> bool:
        return self.original is None

    @property
    def content(self) -> bytes:
        return (self.original or b"") + self.appended


def render_sources(drafts: Sequence[SourceDraft]) -> str:
    """The drafts as `[[sources]]` tables; secrets as inline tables, like the README shows."""
    blocks = []
    for draft in drafts:
        lines = ["[[sources]]", _line("name", draft.name), _line("adapter", draft.adapter)]
        for key, value in draft.values.items():
            lines.append(_line(key, value))
        blocks.append("\n".join(lines) + "\n")
    text = "\n".join(blocks)
    _check_round_trip(text, drafts)
    return text


def _line(key: str, value: Any) -> str:
    """One `key = value` line rendered by tomli-w (a secret table kept inline)."""
    if isinstance(value, Mapping):
        inner = ", ".join(tomli_w.dumps({k: v}).strip() for k, v in value.items())
        head = tomli_w.dumps({key: 0}).strip()[: -len(" = 0")]
        return f"{head} = {{ {inner} }}"
    if isinstance(value, tuple):
        value = list(value)
    return tomli_w.dumps({key: value}).rstrip("\n")


def _check_round_trip(text: str, drafts: Sequence[SourceDraft]) -> None:
    expected = [
        {"name": d.name, "adapter": d.adapter, **{k: _plain(v) for k, v in d.values.items()}}
        for d in drafts
    ]
    loaded = tomllib.loads(text).get("sources", []) if text else []
    if loaded != expected:
        raise ConfigWriteError("the new sources did not render as TOML that reads back the same")


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def existing_source_names(path: Path) -> set[str]:
    """The names the config file already gives its sources (none when it cannot be read)."""
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return set()
    sources = data.get("sources")
    if not isinstance(sources, list):
        return set()
    return {s["name"] for s in sources if isinstance(s, dict) and isinstance(s.get("name"), str)}


def suggest_name(adapter: str, taken: Iterable[str]) -> str:
    """A source name not yet used: the adapter's name, else with -2, -3, ..."""
    used = set(taken)
    if adapter not in used:
        return adapter
    number = 2
    while f"{adapter}-{number}" in used:
        number += 1
    return f"{adapter}-{number}"


def plan_write(
    path: Path,
    drafts: Sequence[SourceDraft],
    *,
    now: datetime,
    loader: AdapterLoader | None = None,
) -> WritePlan:
    """How `drafts` go into `path`; ConfigWriteError when the result would not be valid.

    The existing file's own problems are left alone (they are the user's to
    fix); only problems the new text brings stop the write.
    """
    if not drafts:
        raise ConfigWriteError("there is no new source to write")
    load = loader or registry.load_adapter
    original = _read(path)
    names = [d.name for d in drafts]
    taken = existing_source_names(path) if original is not None else set()
    for name in names:
        if name in taken or names.count(name) > 1:
            raise ConfigWriteError(
                f"a source named {name!r} already exists; "
                f"choose another name, e.g. {suggest_name(name, taken | set(names))!r}"
            )
    header = f"# Added by ctotui init on {now:%Y-%m-%d}.\n"
    appended = _appended(original, header + render_sources(drafts))
    shown = _appended(original, header + render_sources([d.masked() for d in drafts]))
    plan = WritePlan(
        path=path,
        original=original,
        appended=appended,
        diff=_diff(path, original, shown),
        backup=_backup_path(path, now) if original is not None else None,
    )
    _check_result(plan, load)
    return plan


def _appended(original: bytes | None, block: str) -> bytes:
    """The bytes to add: a blank line after the user's text, in the file's line endings."""
    newline = b"\r\n" if original is not None and b"\r\n" in original else b"\n"
    appended = block.encode("utf-8").replace(b"\n", newline)
    if original:
        appended = (b"" if original.endswith(b"\n") else newline) + newline + appended
    return appended


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ConfigWriteError(f"{path} is a directory, not a config file") from None
    except OSError as error:
        raise ConfigWriteError(f"{path} cannot be read ({error.strerror or error})") from None


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigWriteError(
            f"{path} is not UTF-8 text; save it as UTF-8 before adding sources"
        ) from None


def _check_result(plan: WritePlan, load: AdapterLoader) -> None:
    before: tuple[ConfigProblem, ...] = ()
    if plan.original is not None:
        text = _decode(plan.original, plan.path)
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigWriteError(
                f"{plan.path} is not valid TOML ({error}); fix it first (`ctotui doctor` "
                "shows where), then run init again"
            ) from None
        before = config_from_text(text, path=plan.path, loader=load).problems
    after = config_from_text(_decode(plan.content, plan.path), path=plan.path, loader=load)
    known = {(p.key, p.text) for p in before}
    new = [p for p in after.problems if (p.key, p.text) not in known]
    if new:
        raise ConfigWriteError(
            "the config would not be valid after adding the sources: "
            + "; ".join(f"[{p.key}] {p.text}" for p in new)
        )


def _diff(path: Path, original: bytes | None, appended: bytes) -> str:
    old = (original or b"").decode("utf-8", "replace")
    new = old + appended.decode("utf-8", "replace")
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile="/dev/null" if original is None else str(path),
        tofile=str(path),
        n=2,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _backup_path(path: Path, now: datetime) -> Path:
    stem = f"{path.name}.{now:%Y%m%d-%H%M%S}"
    candidate = path.with_name(f"{stem}.bak")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{stem}-{number}.bak")
        number += 1
    return candidate


def done_message(plan: WritePlan) -> str:
    """What was written and what to do next, for the form and the command alike."""
    backup = f" (backup of the old file: {plan.backup})" if plan.backup else ""
    return (
        f"Wrote {plan.path}{backup}.\n"
        "Next: `ctotui doctor` checks it, `ctotui sync` fetches, `ctotui` opens it."
    )


def write_plan(plan: WritePlan) -> None:
    """Back up the file, then replace it atomically with its bytes plus the new sources.

    A symlink is followed, so the real file gets the sources and the link stays.
    Refuses when the file changed since the plan (and its diff) was made.
    """
    current = _read(plan.path)
    if current != plan.original:
        raise ConfigWriteError(
            f"{plan.path} changed since the diff was made; run init again to see the new diff"
        )
    # A symlinked config (dotfiles) is written through: the link stays a link.
    target = plan.path.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = NEW_FILE_MODE
        if plan.original is not None and plan.backup is not None:
            mode = target.stat().st_mode & 0o777
            _write_new(plan.backup, plan.original, mode)
        temp = target.with_name(f".{target.name}.init-tmp")
        _write_new(temp, plan.content, mode, replace=True)
        os.replace(temp, target)
    except OSError as error:
        raise ConfigWriteError(
            f"{plan.path} could not be written ({error.strerror or error})"
        ) from None


def _write_new(path: Path, data: bytes, mode: int, *, replace: bool = False) -> None:
    """Write `data` to `path` with `mode`, flushed to disk before returning."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if replace else os.O_EXCL)
    fd = os.open(path, flags, mode)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb", closefd=False) as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    finally:
        os.close(fd)
