"""Kill -9 at random moments while user data is written: nothing confirmed is ever lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from ctotui.store import InboxSplit, MessageQuery, Store

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 8


def _run_and_kill(db: Path, seconds: float) -> list[tuple[str, int]]:
    """Start the writer, let it run, SIGKILL it; return the writes it confirmed."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "crash_writer.py"), str(db)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "READY"
    time.sleep(seconds)
    child.send_signal(signal.SIGKILL)
    child.wait()
    confirmed = []
    for line in child.stdout.read().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "OK":
            confirmed.append((parts[1], int(parts[2])))
    return confirmed


def test_sigkill_mid_write_keeps_every_confirmed_write(tmp_path: Path) -> None:
    db = tmp_path / "ctotui.db"
    rng = random.Random(20261118)
    all_confirmed: list[tuple[str, int]] = []
    for _ in range(ROUNDS):
        all_confirmed += _run_and_kill(db, rng.uniform(0.05, 0.6))
        check = sqlite3.connect(db)
        try:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            check.close()
        with Store.open(db) as store:
            todos = {t.id for t in store.list_todos()}
            estimates = {e.id for e in store.list_estimates()}
            notes = {n.id for n in store.standup_notes("api", date(2026, 11, 18))}
            done = {m.id for m in store.page_messages(MessageQuery(split=InboxSplit.DONE), 0, 100)}
            for kind, ident in all_confirmed:
                wanted = {"todo": todos, "estimate": estimates, "note": notes, "triage": done}[kind]
                assert ident in wanted, f"confirmed {kind} {ident} was lost"
            for estimate in store.list_estimates():
                assert len(estimate.tasks) == 5  # never half an estimate
    assert len(all_confirmed) > ROUNDS  # the writer really wrote between kills
