"""`ctotui sync`: a progress line on a terminal, plain lines in a pipe, Ctrl-C keeps the data."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sync_fakes import PagedTracker, controls, source_table

from ctotui import cli, registry
from ctotui.cli import build_parser, main
from ctotui.store import Store


class TerminalOut(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def paged_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(registry, "load_adapter", lambda _name: PagedTracker)
    path = tmp_path / "config.toml"
    path.write_text(source_table("tracker", "t.acme.example", pages=3))
    return path


def test_piped_output_is_plain_lines_with_figures(
    capsys: pytest.CaptureFixture[str],
    paged_config_file: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    controls()
    code = main(["--config", str(paged_config_file), "sync"], clock=clock)
    out = capsys.readouterr().out
    assert code == 0
    assert "\r" not in out and "\x1b" not in out
    assert out.splitlines() == [
        "tracker: syncing…",
        "tracker: 2 of 6",
        "tracker: 4 of 6",
        "tracker: 6 of 6",
        "tracker: done, 6 new or changed",
        "1/1 sources synced, 6 new or changed; outbox: 0 applied, 0 failed",
    ]


def test_a_terminal_gets_one_updating_line_and_lasting_results(
    paged_config_file: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    controls()
    out = TerminalOut()
    args = build_parser().parse_args(["--config", str(paged_config_file), "sync"])
    assert cli._sync(args, clock, out) == 0
    text = out.getvalue()
    frames = text.split("\r\x1b[2K")
    assert "syncing tracker 2 of 6…" in frames and "syncing tracker 4 of 6…" in frames
    assert "\n" not in "".join(f for f in frames if f.startswith("syncing"))  # redrawn in place
    lasting = [line for line in text.replace("\r\x1b[2K", "\n").splitlines() if ":" in line]
    assert lasting == [
        "tracker: done, 6 new or changed",
        "1/1 sources synced, 6 new or changed; outbox: 0 applied, 0 failed",
    ]


def test_unknown_totals_show_what_was_fetched(
    capsys: pytest.CaptureFixture[str],
    paged_config_file: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    controls()
    paged_config_file.write_text(
        source_table("tracker", "t.acme.example", pages=2) + "knows_total = false\n"
    )
    assert main(["--config", str(paged_config_file), "sync"], clock=clock) == 0
    assert "tracker: 4 fetched" in capsys.readouterr().out.splitlines()


def test_ctrl_c_cancels_cleanly_and_keeps_every_stored_page(
    capsys: pytest.CaptureFixture[str],
    paged_config_file: Path,
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    state = controls()
    state.interrupt = {("tracker", 2)}
    state.hold = {("tracker", 2)}
    data = tmp_path / "data"
    argv = ["--config", str(paged_config_file), "--data-dir", str(data), "sync"]
    code = main(argv, clock=clock)
    out = capsys.readouterr().out
    assert code == 130
    assert "tracker: cancelled after 4 fetched (all of it saved)" in out
    assert "Sync cancelled: what was fetched is saved; the next sync resumes." in out
    store = Store.open(data / "ctotui.db")
    try:
        assert store.get_cursor("tracker") == "2"
        assert store.source_statuses()[0].items_total == 4
    finally:
        store.close()
    state.interrupt.clear()
    state.hold.clear()
    assert main(argv, clock=clock) == 0
    assert "tracker: done, 2 new or changed" in capsys.readouterr().out
    assert state.fetches == [("tracker", p) for p in (0, 1, 2, 2)]
