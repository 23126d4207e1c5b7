"""Secrets from the system keyring: an in-process backend, never the machine's keyring."""

from __future__ import annotations

import builtins
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked, PasswordDeleteError

from ctotui import secrets_keyring
from ctotui.config import config_from_text, resolve_settings
from ctotui.doctor import run_doctor
from ctotui.errors import SecretError
from ctotui.secrets import SecretRef, parse_secret, resolve_secret

TOKEN = "kr-7a6b5c4d3e2f-SECRET"


class MemoryKeyring(KeyringBackend):
    """A keyring held in a dict, as a system keyring would hold it."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.locked = False

    def get_password(self, service: str, username: str) -> str | None:
        if self.locked:
            raise KeyringLocked(f"locked while reading {service}")
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise PasswordDeleteError("no such entry")
        del self.entries[(service, username)]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def test_keyring_form_parses_and_names_its_entry() -> None:
    ref = parse_secret({"keyring": "imap.acme.example/cto@acme.example"})
    assert ref == SecretRef("keyring", "imap.acme.example/cto@acme.example")
    assert ref.origin == "keyring entry imap.acme.example/cto@acme.example"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ({"keyring": "no-slash"}, "SERVICE/USERNAME"),
        ({"keyring": "service/"}, "SERVICE/USERNAME"),
        ({"keyring": "/user"}, "SERVICE/USERNAME"),
        ({"keyring": "a/b", "env": "X"}, "keep only one"),
        ({"vault": "a/b"}, "'env', 'command' or 'keyring'"),
    ],
)
def test_bad_keyring_shapes_say_why(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_secret(value)


def test_secret_resolves_from_the_keyring(
    memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    memory_keyring.entries[("imap.acme.example", "cto@acme.example")] = TOKEN
    ref = parse_secret({"keyring": "imap.acme.example/cto@acme.example"})
    assert resolve_secret(ref, source="mail", option="password") == TOKEN
    assert all(TOKEN not in record.getMessage() for record in caplog.records)


def test_missing_entry_says_how_to_add_it(memory_keyring: MemoryKeyring) -> None:
    ref = parse_secret({"keyring": "imap.acme.example/cto@acme.example"})
    with pytest.raises(SecretError) as caught:
        resolve_secret(ref, source="mail", option="password")
    message = caught.value.message
    assert "'mail'" in message and "'password'" in message
    assert "keyring set imap.acme.example cto@acme.example" in message


def test_locked_keyring_is_one_clear_line_without_what_it_read(
    memory_keyring: MemoryKeyring,
) -> None:
    memory_keyring.locked = True
    ref = parse_secret({"keyring": "svc/user"})
    with pytest.raises(SecretError, match=r"could not be used \(KeyringLocked\)") as caught:
        resolve_secret(ref, source="mail", option="password")
    assert caught.value.__context__ is None


def test_no_system_keyring_points_to_a_command_secret() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert not secrets_keyring.usable()
        with pytest.raises(SecretError, match=r"no system keyring.*command = \"pass show"):
            resolve_secret(parse_secret({"keyring": "svc/user"}), source="m", option="password")
    finally:
        keyring.set_keyring(previous)


def _without_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the optional extra is not installed."""
    real_import = builtins.__import__

    def guarded(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "keyring" or name.startswith("keyring."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(secrets_keyring, "installed", lambda: False)
    monkeypatch.setattr(builtins, "__import__", guarded)


CONFIG = """
[[sources]]
name = "work-mail"
adapter = "maildir"
path = "{path}"
smtp_password = {{ keyring = "smtp.acme.example/cto@acme.example" }}
"""


def test_config_without_the_extra_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_keyring(monkeypatch)
    config = config_from_text(CONFIG.format(path=tmp_path), path=tmp_path / "config.toml")
    [problem] = config.problems
    assert problem.key == "sources[0].smtp_password"
    assert "pip install 'ctotui[keyring]'" in problem.text
    report, code = run_doctor(config, data_dir=tmp_path / "data")
    assert code == 2 and "pip install 'ctotui[keyring]'" in report
    # A reference parsed earlier (the package removed since) fails at resolve time, clearly.
    with pytest.raises(SecretError, match=r"keyring package is not installed.*ctotui\[keyring\]"):
        resolve_secret(SecretRef("keyring", "svc/user"), source="m", option="password")


def test_config_and_doctor_with_a_keyring_secret(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    config = config_from_text(CONFIG.format(path=tmp_path), path=tmp_path / "config.toml")
    assert config.problems == ()
    report, code = run_doctor(config, data_dir=tmp_path / "data", check_secrets=True)
    assert code == 2
    assert "smtp_password: FAILS" in report and "keyring set smtp.acme.example" in report
    memory_keyring.entries[("smtp.acme.example", "cto@acme.example")] = TOKEN
    report, _code = run_doctor(config, data_dir=tmp_path / "data")
    assert "smtp_password: from keyring entry smtp.acme.example/cto@acme.example, resolves" in (
        report
    )
    assert TOKEN not in report
    assert resolve_settings(config.sources[0])["smtp_password"] == TOKEN


def test_store_and_delete_entries(memory_keyring: MemoryKeyring) -> None:
    assert secrets_keyring.usable()
    secrets_keyring.set_password("svc", "user", TOKEN, where="test")
    assert secrets_keyring.get_password("svc", "user", where="test") == TOKEN
    assert secrets_keyring.delete_password("svc", "user", where="test") is True
    assert secrets_keyring.delete_password("svc", "user", where="test") is False
    assert secrets_keyring.get_password("svc", "user", where="test") is None
