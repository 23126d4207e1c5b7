"""`ctotui completion`: scripts made from the parser name every command and really complete."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from ctotui import cli
from ctotui.completion import SHELLS, command_tree

EXTENSION = "ctotui_test_ext_completion"


def script(capsys: pytest.CaptureFixture[str], shell: str) -> str:
    assert cli.main(["completion", shell]) == 0
    return capsys.readouterr().out


def shell_or_skip(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required under CI (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return path


def every_path_and_option() -> tuple[set[str], set[str]]:
    root = command_tree(cli.build_parser())
    paths = {c.path.split()[-1] for c in root.walk() if c.path}
    options = {name for c in root.walk() for o in c.options for name in o.names}
    return paths, options


@pytest.mark.parametrize("shell", SHELLS)
def test_each_script_names_every_subcommand_and_option(
    capsys: pytest.CaptureFixture[str], shell: str
) -> None:
    text = script(capsys, shell)
    subcommands, options = every_path_and_option()
    assert {"status", "completion", "todo", "import", "standup", "doctor", "sync"} <= subcommands
    for name in subcommands:
        assert name in text, name
    for option in options:
        assert (option if shell != "fish" else option.lstrip("-")) in text, option


@pytest.fixture
def extension(monkeypatch: pytest.MonkeyPatch) -> None:
    """A subcommand another module registers at run time, as EXTENSIONS modules do."""
    module = types.ModuleType(EXTENSION)

    def register(commands: Any, common: argparse.ArgumentParser) -> None:
        sub = commands.add_parser("frobnicate", parents=[common], help="an extension command")
        sub.add_argument("--level", choices=["low", "high"], help="how much")

    module.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, EXTENSION, module)
    monkeypatch.setattr(cli, "EXTENSIONS", (*cli.EXTENSIONS, EXTENSION))


@pytest.mark.parametrize("shell", SHELLS)
def test_commands_registered_at_run_time_are_completed_too(
    capsys: pytest.CaptureFixture[str], extension: None, shell: str
) -> None:
    text = script(capsys, shell)
    assert "frobnicate" in text
    assert "low high" in text


def test_bash_script_is_valid_and_completes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bash = shell_or_skip("bash")
    path = tmp_path / "ctotui.bash"
    path.write_text(script(capsys, "bash"))
    subprocess.run([bash, "-n", str(path)], check=True)
    (tmp_path / "notes.txt").write_text("x")
    harness = f"""
source {path}
try() {{ COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); COMPREPLY=(); _ctotui;
       echo "${{COMPREPLY[*]}}"; }}
try ctotui st
try ctotui status --format ""
try ctotui --config x.toml status --format t
try ctotui todo ""
try ctotui list ""
try ctotui todo import {tmp_path}/no
try ctotui --data-dir /tm
"""
    out = subprocess.run(
        [bash, "-c", harness], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "standup status"
    assert out[1] == "plain tmux json"
    assert out[2] == "tmux"
    assert set(out[3].split()) >= {"add", "import", "export", "--demo"}
    assert out[4] == "inbox items todos"
    assert out[5] == f"{tmp_path}/notes.txt"
    assert out[6] == "/tmp"


def test_zsh_script_is_valid_and_completes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    zsh = shell_or_skip("zsh")
    path = tmp_path / "_ctotui"
    path.write_text(script(capsys, "zsh"))
    subprocess.run([zsh, "-n", str(path)], check=True)
    # The completion system's builtins are stood in for, so the script's own logic runs.
    harness = f"""
compdef() {{ print -r -- "COMPDEF $*"; }}
compadd() {{ shift; print -r -- "$*"; }}
_files() {{ print -r -- "FILES $*"; }}
_describe() {{ print -r -- "${{(j: | :)${{(P)4}}}}"; }}
source {path}
t() {{ words=("$@"); CURRENT=${{#words}}; _ctotui; }}
t ctotui ""
t ctotui status --format ""
t ctotui --config x status --format t
t ctotui todo import ""
t ctotui list ""
"""
    out = subprocess.run(
        [zsh, "-f", "-c", harness], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "COMPDEF _ctotui ctotui"
    assert "status:one-line summary" in out[1] and "--demo" not in out[1]
    assert out[2] == "plain tmux json"
    assert out[3] == "plain tmux json"
    assert out[4].startswith("FILES")
    assert out[5] == "inbox items todos"


def test_fish_script_is_valid_and_completes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fish = shell_or_skip("fish")
    path = tmp_path / "ctotui.fish"
    path.write_text(script(capsys, "fish"))
    subprocess.run([fish, "--no-execute", str(path)], check=True)
    lines = ["ctotui st", "ctotui status --format ", "ctotui --config x status --format t"]
    lines += ["ctotui todo ", "ctotui list "]
    harness = f"source {path}\n" + "\n".join(
        f"complete -C {line!r} | string split -f1 \\t | sort | string join ' '" for line in lines
    )
    out = subprocess.run(
        [fish, "--no-config", "-c", harness], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "standup status"
    assert out[1] == "json plain tmux"
    assert out[2] == "tmux"
    assert out[3] == "add export import"
    assert out[4] == "inbox items todos"
