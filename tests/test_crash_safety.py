"""Kill -9 the app at random moments while the user writes: nothing confirmed is ever lost.

The killed process is the real app (tests/crash_writer.py drives it headless by
keys): to-dos, standup notes, an estimate's task and inbox done/snooze. After
each kill the store must pass `PRAGMA integrity_check` and hold every write the
app had confirmed on screen, with its content.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ctotui.model import TriageState
from ctotui.store import Store

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 4
OVERWRITTEN = ("note", "estimate")  # kinds whose later writes replace earlier ones


@dataclass
class Ledger:
    """What the user was told was saved; for overwritten values also the one in flight."""

    once: dict[tuple[str, str], str] = field(default_factory=dict)
    shown: dict[tuple[str, str], str] = field(default_factory=dict)
    pending: dict[tuple[str, str], str] = field(default_factory=dict)

    def read(self, line: str) -> None:
        parts = line.split(" ", 3)
        if len(parts) != 4:
            return
        verb, kind, key, value = parts
        if kind in OVERWRITTEN:
            if verb == "attempt":
                self.pending[kind, key] = value
            elif verb == "confirmed":
                self.shown[kind, key] = value
                self.pending.pop((kind, key), None)
        elif verb == "confirmed":
            self.once[kind, key] = value

    def allowed(self, kind: str, key: str) -> set[str]:
        found = {self.shown.get((kind, key)), self.pending.get((kind, key))}
        return {value for value in found if value is not None}

    def settle(self, kind: str, key: str, stored: str) -> None:
        """After a check, what is stored is what the user sees from now on."""
        self.shown[kind, key] = stored
        self.pending.pop((kind, key), None)


def _run_and_kill(data_dir: Path, round_: int, writes: int, seconds: float, ledger: Ledger) -> int:
    """Start the app, wait for `writes` confirmed writes, let it work `seconds` more, SIGKILL it.

    Waiting for writes rather than time keeps the kill in the middle of the work on
    a slow machine too. Returns how many writes it confirmed (each round starts with
    another kind).
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "crash_writer.py"), str(data_dir), str(round_)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None and child.stderr is not None
    ready = child.stdout.readline().strip()
    assert ready == "READY", child.stderr.read()
    lines: list[str] = []
    while sum(line.startswith("confirmed ") for line in lines) < writes:
        lines.append(child.stdout.readline().strip())
        assert lines[-1].startswith(("attempt ", "confirmed ")), child.stderr.read()
    time.sleep(seconds)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL, child.stderr.read()  # killed, not failed
    lines += child.stdout.read().splitlines()
    for line in lines:
        ledger.read(line)
    return sum(line.startswith("confirmed ") for line in lines)


def _check(db: Path, ledger: Ledger, tasks: int) -> None:
    check = sqlite3.connect(db)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()
    with Store.open(db) as store:
        for (kind, key), value in ledger.once.items():
            if kind == "todo":
                todo = store.get_todo(int(key))
                assert todo is not None and todo.title == value, f"to-do {key} {value!r} lost"
            else:
                message = store.get_message(int(key))
                assert message is not None and message.triage is TriageState(value), key
        estimates = {e.id: e for e in store.list_estimates()}
        for kind, key in list(ledger.shown):
            if kind == "note":
                project, day, person = key.split("/")
                notes = store.standup_notes(project, date.fromisoformat(day))
                stored = next((n.done for n in notes if n.person == person), None)
            else:
                estimate_id, index, _field = key.split("/")
                estimate = estimates[int(estimate_id)]
                assert len(estimate.tasks) == tasks  # never half an estimate
                stored = f"{estimate.tasks[int(index)].optimistic:g}"
            assert stored in ledger.allowed(kind, key), f"{kind} {key}: {stored!r} not confirmed"
            ledger.settle(kind, key, stored)


def test_sigkill_of_the_app_keeps_every_confirmed_write(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    from conftest import make_demo_workspace

    workspace = make_demo_workspace(tmp_path / "demo", clock)
    db = workspace.store.path
    (estimate,) = workspace.store.list_estimates()
    workspace.close()
    rng = random.Random(20261118)
    ledger = Ledger()
    confirmed = 0
    for round_ in range(ROUNDS):
        writes, seconds = rng.randint(1, 3), rng.uniform(0.0, 1.0)
        confirmed += _run_and_kill(tmp_path / "demo", round_, writes, seconds, ledger)
        _check(db, ledger, len(estimate.tasks))
    kinds = {kind for kind, _ in ledger.once} | {kind for kind, _ in ledger.shown}
    assert {"todo", "triage", "note", "estimate"} <= kinds  # every kind was written and kept
    assert confirmed > ROUNDS
