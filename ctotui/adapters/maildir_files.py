"""Maildir on disk: folders, file names with flags, safe writes and moves.

The layout is the one mbsync, offlineimap and notmuch users have: each folder is
a directory with `cur/`, `new/` and `tmp/`; a file is named `UNIQUE:2,FLAGS`
(flags sorted: D draft, F flagged, P passed, R replied, S seen, T trashed).
Subfolders are either Maildir++ (`.Archive` inside the inbox) or verbatim
(`Archive` beside `INBOX`). Changes are renames or link-then-unlink, so a message
file is never lost or duplicated, even if the process dies half-way.
"""

from __future__ import annotations

import itertools
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

INFO_SEPARATOR = ":2,"
_COUNTER = itertools.count()


@dataclass(frozen=True, slots=True)
class MailFile:
    """One message file: its folder, unique name, flag letters and path."""

    folder: str
    unique: str
    flags: str
    path: Path

    @property
    def seen(self) -> bool:
        return "S" in self.flags

    @property
    def flagged(self) -> bool:
        return "F" in self.flags


def split_name(name: str) -> tuple[str, str]:
    """(unique, flags) of a Maildir file name; names without info have no flags."""
    unique, separator, flags = name.partition(INFO_SEPARATOR)
    return (unique, flags) if separator else (name.partition(":")[0], "")


def with_flags(flags: str, add: str = "", remove: str = "") -> str:
    """Flag letters after a change, sorted as the Maildir spec asks."""
    return "".join(sorted((set(flags) | set(add)) - set(remove)))


def is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def folder_path(root: Path, name: str) -> Path:
    """The directory of a folder name under the tree root (existing or where it would be).

    INBOX is the root itself (Maildir++) or `root/INBOX` (verbatim); another folder
    is `root/.Name` (Maildir++, "/" as ".") or `root/Name`, whichever exists; a new
    folder follows the tree's style.
    """
    if name.upper() == "INBOX":
        if is_maildir(root) or not is_maildir(root / "INBOX"):
            return root
        return root / "INBOX"
    plus = root / ("." + name.replace("/", "."))
    verbatim = root / name
    if is_maildir(plus):
        return plus
    if is_maildir(verbatim):
        return verbatim
    return plus if is_maildir(root) else verbatim


def ensure_folder(path: Path) -> None:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)


def list_folder(root: Path, name: str) -> Iterator[MailFile]:
    """Every message file of a folder (new/ and cur/); skips dot-files and temp names."""
    path = folder_path(root, name)
    for sub in ("new", "cur"):
        try:
            entries = os.scandir(path / sub)
        except FileNotFoundError:
            continue
        with entries:
            for entry in entries:
                if entry.name.startswith(".") or not entry.is_file():
                    continue
                unique, flags = split_name(entry.name)
                yield MailFile(name, unique, flags if sub == "cur" else "", Path(entry.path))


def folder_stamp(root: Path, name: str) -> list[int]:
    """Modification times (ns) of new/ and cur/: unchanged means no file came, went or renamed."""
    path = folder_path(root, name)
    stamp = []
    for sub in ("new", "cur"):
        try:
            stamp.append((path / sub).stat().st_mtime_ns)
        except FileNotFoundError:
            stamp.append(0)
    return stamp


def find(root: Path, folders: list[str], unique: str) -> MailFile | None:
    """The file of a message by its unique name, searched in the given folders."""
    for name in folders:
        for mail in list_folder(root, name):
            if mail.unique == unique:
                return mail
    return None


def set_flags(mail: MailFile, flags: str) -> MailFile:
    """Rename the file (into cur/) with new flags: one atomic rename."""
    target = mail.path.parent.parent / "cur" / f"{mail.unique}{INFO_SEPARATOR}{flags}"
    if target != mail.path:
        os.rename(mail.path, target)
    return MailFile(mail.folder, mail.unique, flags, target)


def move(mail: MailFile, root: Path, folder: str) -> MailFile:
    """Move a message to another folder's cur/, keeping its name and flags.

    A hard link then unlink never overwrites an existing file and never leaves
    zero copies; across file systems the file is copied via tmp/ first.
    """
    destination = folder_path(root, folder)
    ensure_folder(destination)
    target = destination / "cur" / f"{mail.unique}{INFO_SEPARATOR}{mail.flags}"
    try:
        os.link(mail.path, target)
    except OSError as error:
        if isinstance(error, FileExistsError):
            raise
        staging = destination / "tmp" / mail.unique
        staging.write_bytes(mail.path.read_bytes())
        _fsync(staging)
        os.link(staging, target)
        os.unlink(staging)
    os.unlink(mail.path)
    return MailFile(folder, mail.unique, mail.flags, target)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def new_unique() -> str:
    """A unique file name in the Maildir convention: time, microseconds, pid, counter, host."""
    now = time.time()
    host = socket.gethostname().replace("/", "\\057").replace(":", "\\072")
    return f"{int(now)}.M{int(now * 1e6) % 1_000_000}P{os.getpid()}Q{next(_COUNTER)}.{host}"


def deliver(root: Path, folder: str, data: bytes, flags: str) -> MailFile:
    """Write a new message: into tmp/, flushed, then renamed into cur/ with its flags."""
    destination = folder_path(root, folder)
    ensure_folder(destination)
    unique = new_unique()
    staging = destination / "tmp" / unique
    with open(staging, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    target = destination / "cur" / f"{unique}{INFO_SEPARATOR}{flags}"
    os.link(staging, target)
    os.unlink(staging)
    return MailFile(folder, unique, flags, target)
