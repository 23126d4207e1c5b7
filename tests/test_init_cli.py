"""`ctotui init --adapter ...`: the scripted form writes what the setup form would."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from init_adapter import GOOD_TOKEN, loader
from mailserver import PASSWORD, USER, Dovecot, dovecot

from ctotui.cli import main
from ctotui.config import load_config

__all__ = ["dovecot"]  # the fixture used below

KEYS = [
    "--adapter",
    "keytracker",
    "--option",
    "url=https://keys.acme.example",
    "--option",
    "user=ada",
    "--option",
    "token.env=KEYS_TOKEN",
]


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "conf" / "config.toml"
    monkeypatch.setenv("CTOTUI_CONFIG", str(path))
    monkeypatch.setattr("ctotui.registry.load_adapter", loader)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return path


def test_an_installed_plugin_is_added_and_doctor_accepts_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("CTOTUI_CONFIG", str(path))
    assert main(["init", "--adapter", "echo", "--option", "greeting=Hello there"]) == 0
    out = capsys.readouterr().out
    assert '+greeting = "Hello there"' in out
    assert f"Wrote {path}" in out
    assert main(["doctor"]) == 0
    report = capsys.readouterr().out
    assert "echo: adapter echo, every 300 s, enabled" in report
    assert "Result: all good." in report


def test_every_option_kind_and_a_second_source_gets_a_unique_name(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--option", "labels=blocked,on hold", "--option", 'labels=["waiting, maybe"]']
    extra += ["--option", "verify=no", "--option", "page_size=80", "--option", "mode=server"]
    assert main(["init", *KEYS, *extra]) == 0
    assert main(["init", *KEYS, "--yes"]) == 0
    capsys.readouterr()
    first, second = load_config(config).sources
    assert (first.name, second.name) == ("keytracker", "keytracker-2")
    assert first.settings["labels"] == ("blocked", "on hold", "waiting, maybe")
    assert (first.settings["verify"], first.settings["page_size"]) == (False, 80)
    assert first.settings["mode"] == "server"
    assert second.settings["labels"] == ("blocked",)


def test_errors_name_the_option_and_nothing_is_written(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["init", "--adapter", "keytracker", "--option", "url=keys.acme.example"]
    args += ["--option", "usr=ada", "--option", "page_size=lots", "--option", "token=abc"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "option 'usr': the keytracker adapter has no such option (did you mean \"user\"?)" in err
    assert "option 'url': a URL must start with http:// or https://" in err
    assert "option 'page_size': 'lots' is not a whole number" in err
    assert "option 'token': token is a secret: write token.env=VARIABLE" in err
    assert "--allow-plain-secret" in err
    assert not config.exists()
    assert main(["init", "--adapter", "nosuch"]) == 2
    assert "No adapter named 'nosuch' is installed" in capsys.readouterr().err


def test_a_plain_secret_needs_insisting_and_is_warned_about(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*KEYS[:-2], "--option", f"token={GOOD_TOKEN}", "--allow-plain-secret"]
    assert main(["init", *args]) == 0
    captured = capsys.readouterr()
    assert "warning: The secret is written to the config file as plain text" in captured.err
    assert GOOD_TOKEN not in captured.out + captured.err
    assert f'token = "{GOOD_TOKEN}"' in config.read_text()


def test_an_existing_config_needs_yes_and_keeps_its_bytes(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config.parent.mkdir(parents=True)
    original = b'# mine\nme = "ada"  # me\n\n[people.ada]\nemail = "ada@acme.example"\n'
    config.write_bytes(original)
    assert main(["init", *KEYS]) == 2
    captured = capsys.readouterr()
    assert "+[[sources]]" in captured.out
    assert "pass --yes to append" in captured.err
    assert config.read_bytes() == original
    assert main(["init", *KEYS, "--yes"]) == 0
    assert config.read_bytes().startswith(original)
    (backup,) = config.parent.glob("config.toml.*.bak")
    assert backup.read_bytes() == original
    assert f"backup of the old file: {backup}" in capsys.readouterr().out


def test_a_symlinked_config_is_appended_through_the_link(
    config: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A dotfiles setup: the link stays a link and its target gets the new source."""
    monkeypatch.setenv("KEYS_TOKEN", GOOD_TOKEN)
    real = tmp_path / "dotfiles" / "ctotui.toml"
    real.parent.mkdir()
    original = b'# my dotfiles\nme = "ada"  # me\n\n[people.ada]\nemail = "ada@acme.example"\n'
    real.write_bytes(original)
    real.chmod(0o640)
    config.parent.mkdir(parents=True)
    config.symlink_to(real)
    assert main(["init", *KEYS, "--yes"]) == 0
    assert config.is_symlink()
    assert config.resolve() == real.resolve()
    written = real.read_bytes()
    assert written.startswith(original)
    assert b'adapter = "keytracker"' in written[len(original) :]
    assert real.stat().st_mode & 0o777 == 0o640
    backups = list(config.parent.glob("config.toml.*.bak")) + list(real.parent.glob("*.bak"))
    assert [b.read_bytes() for b in backups] == [original]
    assert not any(b.is_symlink() for b in backups)
    capsys.readouterr()
    assert main(["doctor"]) == 0
    assert "keytracker: adapter keytracker" in capsys.readouterr().out


def test_the_connection_test_runs_before_anything_is_written(
    config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEYS_TOKEN", "wrong")
    assert main(["init", *KEYS, "--test"]) == 1
    out = capsys.readouterr().out
    assert "Connection failed: https://keys.acme.example answered 401: login refused" in out
    assert not config.exists()
    monkeypatch.delenv("KEYS_TOKEN")
    assert main(["init", *KEYS, "--test"]) == 1
    assert "the environment variable KEYS_TOKEN is not set" in capsys.readouterr().out
    monkeypatch.setenv("KEYS_TOKEN", GOOD_TOKEN)
    assert main(["init", *KEYS, "--test"]) == 0
    out = capsys.readouterr().out
    assert "Connection works: login accepted for ada; scopes read, write." in out
    assert GOOD_TOKEN not in out
    assert load_config(config).problems == ()


def test_dry_run_and_listing_write_nothing(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", *KEYS, "--dry-run"]) == 0
    assert "Dry run: nothing written." in capsys.readouterr().out
    assert not config.exists()
    assert main(["init", "--list-adapters"]) == 0
    listing = capsys.readouterr().out
    assert "echo: One work item titled with a greeting (example plugin)." in listing
    assert "  greeting (string; required): the title of the one work item" in listing
    assert main(["init", "--option", "a=b"]) == 2
    assert main(["--demo", "init"]) == 2
    assert main(["init"]) == 2
    assert "the setup form needs a terminal" in capsys.readouterr().err


def test_an_imap_account_is_tested_against_a_real_server_then_written(
    dovecot: Dovecot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("CTOTUI_CONFIG", str(path))
    dovecot.deliver(b"Subject: hello\r\nFrom: ada@acme.example\r\n\r\nhi\r\n")
    args = ["init", "--adapter", "imap", "--name", "work", "--test"]
    for option in (
        "host=127.0.0.1",
        f"port={dovecot.port}",
        "security=starttls",
        f"username={USER}",
        "password.env=WORK_MAIL_PASSWORD",
        f"ca_file={dovecot.ca_file}",
    ):
        args += ["--option", option]
    monkeypatch.setenv("WORK_MAIL_PASSWORD", "wrong-password")
    assert main(args) == 1
    assert "work: Connection failed:" in capsys.readouterr().out
    assert not path.exists()
    monkeypatch.setenv("WORK_MAIL_PASSWORD", PASSWORD)
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "work: Connection works: login accepted; folders: INBOX 1 messages" in out
    assert PASSWORD not in out
    assert main(["doctor"]) == 0
    assert "work: adapter imap" in capsys.readouterr().out


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "code"), [("n", 1), ("y", 0)])
def test_at_a_terminal_the_append_is_asked(
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    code: int,
) -> None:
    config.parent.mkdir(parents=True)
    config.write_text("# mine\n")
    monkeypatch.setattr("sys.stdin", Terminal())
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or answer)
    assert main(["init", *KEYS]) == code
    assert asked == [f"Append this to {config}? (a backup is kept) [y/N] "]
    assert ("[[sources]]" in config.read_text()) is (code == 0)
    assert ("Nothing written." in capsys.readouterr().out) is (code == 1)


def test_an_imap_password_from_a_command_is_written_as_a_command_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Init dials nothing without --test; doctor accepts the file and runs the command.

    Nothing serves IMAP on 127.0.0.1 here, so doctor's server check is the one failure.
    """
    path = tmp_path / "config.toml"
    monkeypatch.setenv("CTOTUI_CONFIG", str(path))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_pass = bin_dir / "pass"
    fake_pass.write_text('#!/bin/sh\necho "secret-for-$2"\n')
    fake_pass.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    args = ["init", "--adapter", "imap", "--option", "host=127.0.0.1"]
    args += ["--option", "username=me", "--option", "password.command=pass show mail/me"]
    assert main([*args, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "secret-for" not in out
    assert 'password = { command = "pass show mail/me" }' in path.read_text()
    assert load_config(path).sources[0].settings["username"] == "me"
    assert main(["doctor"]) == 2
    report = capsys.readouterr().out
    assert "imap: adapter imap, every 300 s, enabled" in report
    assert "password: from command 'pass', resolves" in report
    assert "secret-for" not in report
    assert "Result: 1 source(s) whose server check fails; see above." in report
