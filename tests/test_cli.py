"""The command line as scripts use it: exit codes, JSON, global options anywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ctotui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str, clock=None) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv), clock=clock)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("ctotui ")


def test_demo_list_inbox_json_syncs_first_and_prints_messages(
    capsys: pytest.CaptureFixture[str],
    clock,  # type: ignore[no-untyped-def]
) -> None:
    code, out, _ = run(capsys, "--demo", "list", "inbox", "--json", clock=clock)
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 60
    assert {"subject", "sender_address", "importance", "triage", "received_at"} <= set(rows[0])


def test_global_options_work_after_the_subcommand(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    code, out, _ = run(
        capsys, "list", "todos", "--json", "--demo", "--data-dir", str(tmp_path), clock=clock
    )
    assert code == 0
    assert len(json.loads(out)) >= 10
    assert (tmp_path / "demo" / "ctotui.db").exists()


def test_list_items_text_is_one_aligned_line_per_item(
    capsys: pytest.CaptureFixture[str],
    clock,  # type: ignore[no-untyped-def]
) -> None:
    code, out, _ = run(capsys, "--demo", "list", "items", "--limit", "5", clock=clock)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 5
    assert all("acme/" in line for line in lines)


def test_sync_reports_each_source_and_totals(
    capsys: pytest.CaptureFixture[str],
    clock,  # type: ignore[no-untyped-def]
) -> None:
    code, out, _ = run(capsys, "--demo", "sync", clock=clock)
    assert code == 0
    assert "demo: done" in out and "1/1 sources synced" in out
    code, out, _ = run(capsys, "--demo", "sync", clock=clock)
    assert "demo: done, 0 new or changed" in out


def test_sync_exits_1_when_a_source_fails_and_the_others_still_sync(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[[sources]]\nname = "bad"\nadapter = "demo"\nfeeds = ["telepathy"]\n'
        '[[sources]]\nname = "good"\nadapter = "demo"\n'
    )
    code, out, _ = run(capsys, "--config", str(config), "sync", clock=clock)
    assert code == 1
    assert "bad: failed:" in out and "telepathy" in out
    assert "good: done" in out and "1/2 sources synced" in out


def test_sync_exits_1_on_config_problems(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\nname = "bad"\nadapter = "demo"\nseed = "seven"\n')
    code, _, err = run(capsys, "--config", str(config), "sync", clock=clock)
    assert code == 1
    assert "sources[0].seed" in err


def test_sync_unknown_source_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
    clock,  # type: ignore[no-untyped-def]
) -> None:
    code, _, err = run(capsys, "--demo", "sync", "--source", "nope", clock=clock)
    assert code == 2 and "nope" in err


def test_doctor_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--demo", "doctor")
    assert code == 0 and "all good" in out.lower()
    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\nname = "x"\nadapter = "nope"\n')
    code, out, _ = run(capsys, "--config", str(config), "doctor")
    assert code == 2
    assert "sources[0]" in out and "nope" in out and "demo" in out
