"""`doctor`: one report that shows what is wrong and how to fix it, never a secret."""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from ctotui.adapters.base import Adapter, FetchResult, OptionSpec, OptionType
from ctotui.config import Config, empty_config, load_config
from ctotui.doctor import run_doctor
from ctotui.model import SourceKind

TOKEN = "tok-doctor-5e4d3c2b1a"


class TokenTracker(Adapter):
    name: ClassVar[str] = "tokentracker"
    kinds: ClassVar[frozenset[SourceKind]] = frozenset({SourceKind.TRACKER})
    options: ClassVar[tuple[OptionSpec, ...]] = (
        OptionSpec("token", OptionType.STRING, "API token", required=True, secret=True),
        OptionSpec("backup_token", OptionType.STRING, "spare token", secret=True),
    )

    async def fetch(self, cursor: str | None) -> FetchResult:
        return FetchResult(cursor=cursor)


def configure(tmp_path: Path, token: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(f'[[sources]]\nname = "tracker"\nadapter = "tokentracker"\ntoken = {token}\n')
    return load_config(path, loader=lambda name: TokenTracker)


def test_a_healthy_setup_reports_every_section_and_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTOTUI_DOCTOR_TOKEN", TOKEN)
    config = configure(tmp_path, '{ env = "CTOTUI_DOCTOR_TOKEN" }')
    report, code = run_doctor(config, data_dir=tmp_path / "data")
    assert code == 0
    assert f"{tmp_path / 'config.toml'} (exists)" in report
    assert "Problems (0)" in report
    assert "tracker: adapter tokentracker, every 300 s, enabled" in report
    assert "token: from environment variable CTOTUI_DOCTOR_TOKEN, resolves" in report
    assert "backup_token: not set (optional)" in report
    assert str(tmp_path / "data" / "ctotui.db") in report
    assert "Result: all good." in report
    assert TOKEN not in report


def test_a_secret_that_does_not_resolve_exits_2_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CTOTUI_DOCTOR_TOKEN", raising=False)
    config = configure(tmp_path, '{ env = "CTOTUI_DOCTOR_TOKEN" }')
    report, code = run_doctor(config, data_dir=tmp_path)
    assert code == 2
    assert "token: FAILS:" in report
    assert "CTOTUI_DOCTOR_TOKEN is not set" in report
    assert "1 secret(s) that do not resolve" in report


def test_a_failing_command_shows_its_exit_status_not_its_output(tmp_path: Path) -> None:
    code = f"import sys; print({TOKEN!r}, file=sys.stderr); sys.exit(4)"
    command = shlex.join([sys.executable, "-c", code])
    config = configure(tmp_path, "{ command = " + json.dumps(command) + " }")
    assert config.problems == ()
    report, exit_code = run_doctor(config, data_dir=tmp_path)
    assert exit_code == 2
    assert "exit status 4" in report
    assert TOKEN not in report


def test_secrets_can_be_left_unchecked(tmp_path: Path) -> None:
    config = configure(tmp_path, '{ command = "ctotui-no-such-program" }')
    report, code = run_doctor(config, data_dir=tmp_path, check_secrets=False)
    assert code == 0
    assert "token: from command 'ctotui-no-such-program', not checked" in report


def test_a_plain_text_secret_resolves_but_is_not_printed(tmp_path: Path) -> None:
    report, code = run_doctor(configure(tmp_path, f'"{TOKEN}"'), data_dir=tmp_path)
    assert code == 0
    assert "token: from plain text in the config, resolves (better:" in report
    assert TOKEN not in report


def test_config_problems_are_listed_with_line_key_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('me = "cto"\n[[sources]]\nname = "x"\nadapter = "nope-adapter"\n')
    report, code = run_doctor(load_config(path), data_dir=tmp_path)
    assert code == 2
    assert "Problems (2)" in report
    assert f"{path}:1 [me]:" in report
    assert f"{path}:4 [sources[0].adapter]: No adapter named 'nope-adapter' is installed" in report
    assert "Fix: Use an installed adapter" in report
    assert "2 config problem(s)" in report


def test_installed_adapters_and_a_plugin_source_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[sources]]\nname = "hello"\nadapter = "echo"\ngreeting = "Hi"\n')
    report, code = run_doctor(load_config(path), data_dir=tmp_path)
    assert code == 0
    adapters = report.split("Installed adapters", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"demo +ctotui +\(ctotui\.adapters\.demo:DemoAdapter\)", adapters)
    assert re.search(
        r"echo +ctotui-example-plugin +\(ctotui_example_plugin:EchoAdapter\)", adapters
    )
    assert "hello: adapter echo" in report


def test_no_config_and_a_missing_data_dir(tmp_path: Path) -> None:
    report, code = run_doctor(empty_config(), data_dir=tmp_path / "new" / "data")
    assert code == 0
    assert "none (built-in defaults)" in report
    assert "Sources (0)" in report
    assert "created on first run" in report


def test_a_data_dir_that_is_a_file_is_a_problem(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a directory")
    report, code = run_doctor(empty_config(), data_dir=blocker)
    assert code == 2
    assert "NOT a directory" in report


class ProbingTracker(TokenTracker):
    name: ClassVar[str] = "probingtracker"

    async def probe(self) -> str:
        assert self.settings["token"] == TOKEN  # the resolved value reaches the probe
        return "reachable, token accepted"


def test_a_command_secret_runs_once_for_its_check_and_the_probe(tmp_path: Path) -> None:
    """A `pass show` may ask for a passphrase: doctor must not run it a second time."""
    runs = tmp_path / "runs"
    code = f"open({str(runs)!r}, 'a').write('run\\n'); print({TOKEN!r})"
    command = shlex.join([sys.executable, "-c", code])
    path = tmp_path / "config.toml"
    path.write_text(
        '[[sources]]\nname = "tracker"\nadapter = "probingtracker"\n'
        f"token = {{ command = {json.dumps(command)} }}\n"
    )
    config = load_config(path, loader=lambda name: ProbingTracker)
    report, exit_code = run_doctor(config, data_dir=tmp_path / "data")
    assert exit_code == 0, report
    assert "server: reachable, token accepted" in report and TOKEN not in report
    assert runs.read_text() == "run\n"
