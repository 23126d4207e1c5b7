"""Figure 5, mail half: sync a real Dovecot INBOX of N messages, then again with nothing new.

Dovecot is started as in the tests (tests/mailserver.py, on 127.0.0.1 with
STARTTLS). The INBOX is filled by writing seeded messages straight into its
Maildir (a delivery agent's way, far faster than N APPENDs), then Dovecot
indexes it through one SELECT before anything is timed. Each run syncs into a
fresh store through the real sync engine: the first sync is timed; the second,
with nothing new on the server, is counted: IMAP commands sent, bytes received,
and how many commands asked for message data (the budget is none).

Counting wraps `imaplib.IMAP4` itself (its command, read and readline methods)
for the duration of a sync: the adapter's own code and behaviour are untouched.
"""

from __future__ import annotations

import asyncio
import imaplib
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from benchmarks.datagen import PEOPLE, WORDS
from benchmarks.run import ROOT, Figure

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
SOURCE = "bench-imap"
# #9 sets no budget for the first sync; ours: a 10,000-message INBOX within a minute.
RATE_BUDGET = 10_000 / 60
# A no-change sync costs a login and one STATUS per folder, whatever the mailbox size.
NOCHANGE_COMMANDS = 10
NOCHANGE_BYTES = 8192
# A command that asks for message content (headers, text or the whole message).
_MESSAGE_DATA = re.compile(r"BODY(\.PEEK)?\[|RFC822(?!\.SIZE)|BINARY(\.PEEK)?\[", re.IGNORECASE)


def unavailable() -> str:
    """Why this benchmark cannot run here ("" when it can): it needs Dovecot, openssl, root."""
    if not (shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin")):
        return "dovecot is not installed (apt-get install -y dovecot-imapd)"
    if not shutil.which("openssl"):
        return "openssl is not installed (apt-get install -y openssl)"
    if os.geteuid() != 0:
        return "Dovecot runs as root here (its Maildir belongs to the mail uid)"
    return ""


@dataclass(slots=True)
class Wire:
    """What one sync said to the server and heard back."""

    commands: list[str] = field(default_factory=list)
    received: int = 0
    sent: int = 0

    @property
    def message_data_commands(self) -> list[str]:
        return [c for c in self.commands if "FETCH" in c.upper() and _MESSAGE_DATA.search(c)]


@contextmanager
def recording() -> Iterator[Wire]:
    """Count every IMAP command and byte of any imaplib connection while inside."""
    wire = Wire()
    cls: Any = imaplib.IMAP4
    originals = {name: getattr(cls, name) for name in ("_command", "read", "readline", "send")}

    def command(self: imaplib.IMAP4, name: str, *args: Any) -> Any:
        shown = (a.decode() if isinstance(a, bytes) else str(a) for a in args if a is not None)
        wire.commands.append(" ".join([name, *shown]))
        return originals["_command"](self, name, *args)

    def read(self: imaplib.IMAP4, size: int) -> bytes:
        data: bytes = originals["read"](self, size)
        wire.received += len(data)
        return data

    def readline(self: imaplib.IMAP4) -> bytes:
        line: bytes = originals["readline"](self)
        wire.received += len(line)
        return line

    def send(self: imaplib.IMAP4, data: bytes) -> None:
        wire.sent += len(data)
        originals["send"](self, data)

    patched: dict[str, Callable[..., Any]] = {
        "_command": command,
        "read": read,
        "readline": readline,
        "send": send,
    }
    for name, function in patched.items():
        setattr(cls, name, function)
    try:
        yield wire
    finally:
        for name, function in originals.items():
            setattr(cls, name, function)


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def message_bytes(rng: random.Random, index: int, user: str) -> tuple[bytes, datetime]:
    """One seeded message as a mail store holds it: headers, a plain body, a date."""
    name, address = PEOPLE[rng.randrange(len(PEOPLE))]
    when = NOW - timedelta(minutes=index * 7 + rng.randint(0, 6))
    headers = [
        f"From: {name} <{address}>",
        f"To: {user}",
        f"Subject: {_words(rng, rng.randint(3, 9)).capitalize()}",
        f"Message-ID: <bench{index}@acme.example>",
        f"Date: {format_datetime(when)}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
    ]
    if index % 3:
        headers.append(f"In-Reply-To: <bench{index - 1}@acme.example>")
    if rng.random() < 0.3:
        headers.append(f"List-Id: <team{index % 7}.lists.acme.example>")
    lines = rng.randint(3, 40) if rng.random() > 0.05 else rng.randint(300, 600)
    body = "\r\n".join(_words(rng, 12).capitalize() + "." for _ in range(lines))
    return ("\r\n".join(headers) + "\r\n\r\n" + body + "\r\n").encode(), when


def fill_maildir(maildir: Path, count: int, *, uid: int, gid: int, user: str, seed: int) -> int:
    """Write `count` messages into the Maildir's cur/ (80 % read, 2 % flagged); bytes written."""
    rng = random.Random(seed)
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(exist_ok=True)
        os.chown(maildir / sub, uid, gid)
    total = 0
    for index in range(count):
        raw, when = message_bytes(rng, index, user)
        flags = ("F" if rng.random() < 0.02 else "") + ("S" if rng.random() < 0.8 else "")
        path = maildir / "cur" / f"{int(when.timestamp())}.M{index}P1.bench:2,{flags}"
        path.write_bytes(raw)
        os.chown(path, uid, gid)
        stamp = when.timestamp()
        os.utime(path, (stamp, stamp))
        total += len(raw)
    return total


@dataclass(frozen=True, slots=True)
class Run:
    first_seconds: float
    first_changed: int
    again: Wire
    again_changed: int


def _config_text(settings: dict[str, Any]) -> str:
    lines = ['me = "cto"', "[people.cto]", f'emails = ["{settings["username"]}"]']
    lines += ["[[sources]]", f'name = "{SOURCE}"', 'adapter = "imap"']
    for key in ("host", "security", "username", "password", "ca_file"):
        lines.append(f'{key} = "{settings[key]}"')
    lines.append(f"port = {settings['port']}")
    return "\n".join(lines) + "\n"


def sync_twice(config_text: str, data_dir: Path) -> Run:
    """A first sync into an empty store (timed), then one with nothing new (counted)."""
    from ctotui.clock import SystemClock
    from ctotui.config import config_from_text
    from ctotui.store import Store
    from ctotui.sync import SyncEngine

    config = config_from_text(config_text)
    if config.problems:
        raise RuntimeError(f"benchmark config rejected: {config.problems[0]}")
    with Store.open(data_dir / "ctotui.db") as store:
        engine = SyncEngine(store, config, SystemClock())
        started = time.perf_counter()
        first = asyncio.run(engine.sync_all())
        seconds = time.perf_counter() - started
        with recording() as wire:
            again = asyncio.run(engine.sync_all())
    for outcome in (*first, *again):
        if not outcome.ok:
            raise RuntimeError(f"the IMAP sync failed: {outcome.error}")
    return Run(seconds, sum(o.changed for o in first), wire, sum(o.changed for o in again))


def imap_sync(messages: int, runs: int, seed: int = 1) -> list[Figure]:
    """Figure 5 (mail): first sync time and rate, and the wire cost of a no-change sync."""
    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))
    from mailserver import PASSWORD, USER, running_dovecot

    binary = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin")
    assert binary is not None
    results: list[Run] = []
    with running_dovecot(binary) as server:
        size = fill_maildir(
            server.maildir, messages, uid=server.uid, gid=server.gid, user=USER, seed=seed
        )
        client = server.connect()  # Dovecot scans and indexes the Maildir on first access.
        try:
            status, data = client.select("INBOX", readonly=True)
            if status != "OK" or int(data[0] or 0) != messages:
                raise RuntimeError(f"Dovecot sees {data!r} messages, expected {messages}")
        finally:
            client.logout()
        config_text = _config_text(server.settings(username=USER, password=PASSWORD))
        for number in range(1, runs + 1):
            with tempfile.TemporaryDirectory(prefix="ctotui-bench-imap-") as folder:
                results.append(sync_twice(config_text, Path(folder)))
            print(f"imap sync {number}/{runs}: {results[-1].first_seconds:.1f} s", flush=True)
    return _figures(results, messages, size)


def _figures(results: list[Run], messages: int, size: int) -> list[Figure]:
    seconds = tuple(r.first_seconds for r in results)
    rates = tuple(r.first_changed / r.first_seconds for r in results)
    stored = statistics.median(r.first_changed for r in results)
    commands = tuple(float(len(r.again.commands)) for r in results)
    received = tuple(float(r.again.received) for r in results)
    data_commands = tuple(float(len(r.again.message_data_commands)) for r in results)
    last = results[-1].again
    return [
        Figure(
            "imap_first_sync",
            seconds,
            "s",
            round(messages / RATE_BUDGET, 1),
            note=f"{messages:,} messages in a Dovecot INBOX ({size / 1e6:.0f} MB), "
            f"{stored:g} stored",
        ),
        Figure(
            "imap_first_sync_rate",
            rates,
            "msg/s",
            round(RATE_BUDGET),
            lower_is_better=False,
            note="messages stored per second of the first sync (budget: 10,000 in a minute)",
        ),
        Figure(
            "imap_nochange_commands",
            commands,
            "cmds",
            NOCHANGE_COMMANDS,
            note=" / ".join(c.split(" ", 1)[0] for c in last.commands),
        ),
        Figure(
            "imap_nochange_bytes",
            received,
            "B",
            NOCHANGE_BYTES,
            note=f"received (sent {last.sent} B); independent of the mailbox size",
        ),
        Figure(
            "imap_nochange_data_fetches",
            data_commands,
            "cmds",
            0.0,
            note="FETCHes of headers/bodies in the no-change sync (budget: none); "
            f"{statistics.median(r.again_changed for r in results):g} rows changed",
        ),
    ]
