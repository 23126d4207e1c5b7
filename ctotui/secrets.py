"""The one secrets resolver: plain text, `env`, `command` or `keyring` references.

Config keeps secrets as unresolved references until a source really needs them,
so a missing password never stops the app from starting. Error messages name
where the secret should come from (source, option, variable or program) and
never its value or anything the command printed: stderr may echo the secret.
"""

from __future__ import annotations

import logging
import os
import shlex
import signal
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from ctotui.errors import SecretError
from ctotui.logs import register_secret

log = logging.getLogger(__name__)

COMMAND_TIMEOUT = 15.0
SecretKind = Literal["plain", "env", "command", "keyring"]
_TABLE_KEYS = ("env", "command", "keyring")
_SHAPES = '{ env = "NAME" }, { command = "program args" } or { keyring = "SERVICE/USER" }'


@dataclass(frozen=True, repr=False)
class SecretRef:
    """Where a secret comes from. For `plain`, `reference` is the secret itself."""

    kind: SecretKind
    reference: str

    @property
    def origin(self) -> str:
        """Where the value comes from, safe to show: never the value or the arguments."""
        if self.kind == "env":
            return f"environment variable {self.reference}"
        if self.kind == "command":
            return f"command {_program(self.reference)!r}"
        if self.kind == "keyring":
            return f"keyring entry {self.reference}"
        return "plain text in the config"

    def __repr__(self) -> str:
        return "<secret>" if self.kind == "plain" else f"<secret from {self.origin}>"

    __str__ = __repr__


def _program(command: str) -> str:
    """The program a command runs, for messages: its arguments may carry secrets."""
    try:
        argv = shlex.split(command)
    except ValueError:
        return "?"
    return os.path.basename(argv[0]) if argv else "?"


def _type_name(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", list: "an array"}
    return names.get(type(value), f"a {type(value).__name__} value")


def parse_secret(value: object) -> SecretRef:
    """A reference from a config value; ValueError says what is wrong with its shape."""
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(f"the secret is empty; give the value, or {_SHAPES}")
        return SecretRef("plain", value)
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a string or a table like {_SHAPES}, got {_type_name(value)}")
    keys = [str(k) for k in value]
    unknown = [k for k in keys if k not in _TABLE_KEYS]
    if unknown:
        raise ValueError(
            f"unknown key {', '.join(repr(k) for k in unknown)} in the secret table; "
            f"use exactly one of 'env', 'command' or 'keyring'"
        )
    if not keys:
        raise ValueError(f"the secret table is empty; use {_SHAPES}")
    if len(keys) > 1:
        raise ValueError(
            f"the secret table has both {' and '.join(repr(k) for k in keys)}; keep only one"
        )
    kind = keys[0]
    reference = value[kind]
    if not isinstance(reference, str) or not reference.strip():
        raise ValueError(f"'{kind}' must be a non-empty string")
    if kind == "env":
        if "=" in reference or "\0" in reference or reference != reference.strip():
            raise ValueError("'env' must be the name of an environment variable")
        return SecretRef("env", reference)
    if kind == "keyring":
        return _keyring_ref(reference)
    try:
        argv = shlex.split(reference)
    except ValueError as exc:
        raise ValueError(f"the command cannot be split into words: {exc}") from None
    if not argv:
        raise ValueError("the command is empty")
    return SecretRef("command", reference)


def _keyring_ref(reference: str) -> SecretRef:
    """A keyring reference; the package must be installed for it to be usable."""
    from ctotui import secrets_keyring

    secrets_keyring.split_entry(reference)
    if not secrets_keyring.installed():
        raise ValueError(
            "secrets from the keyring need the keyring package: install it with "
            f'{secrets_keyring.INSTALL_HINT}, or use {{ command = "pass show ENTRY" }}'
        )
    return SecretRef("keyring", reference)


def resolve_secret(
    ref: SecretRef,
    *,
    source: str,
    option: str,
    environ: Mapping[str, str] | None = None,
    timeout: float = COMMAND_TIMEOUT,
) -> str:
    """The secret's value; SecretError (naming source, option and origin) when unavailable.

    `environ` replaces os.environ for `env` references only; commands run in
    the process environment.
    """
    value = _resolve(ref, source=source, option=option, environ=environ, timeout=timeout)
    register_secret(value)
    return value


def _resolve(
    ref: SecretRef,
    *,
    source: str,
    option: str,
    environ: Mapping[str, str] | None,
    timeout: float,
) -> str:
    where = f"source {source!r}, option {option!r}"
    if ref.kind == "plain":
        return ref.reference
    if ref.kind == "env":
        env = os.environ if environ is None else environ
        log.debug("resolving %s from environment variable %s", where, ref.reference)
        value = env.get(ref.reference)
        if value is None:
            raise SecretError(f"{where}: the environment variable {ref.reference} is not set")
        if not value.strip():
            raise SecretError(f"{where}: the environment variable {ref.reference} is empty")
        return value
    if ref.kind == "keyring":
        from ctotui import secrets_keyring

        log.debug("resolving %s from the keyring", where)
        return secrets_keyring.read_secret(ref.reference, where=where)
    return _run_command(ref.reference, where=where, timeout=timeout)


def _run_command(command: str, *, where: str, timeout: float) -> str:
    """Run a secret command without a shell; only its exit status may appear in errors.

    Errors are raised outside the `except` blocks so they carry no context
    exception: TimeoutExpired, for one, holds the command line and its output.
    """
    argv = shlex.split(command)
    program = os.path.basename(argv[0])
    log.debug("resolving %s by running %s", where, program)
    proc, failure = _start(argv)
    if proc is None:
        raise SecretError(f"{where}: the command {program!r} {failure}")
    out, timed_out = b"", False
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
    if timed_out:
        _kill(proc)
        raise SecretError(
            f"{where}: the command {program!r} did not finish within {timeout:g} seconds"
        )
    if proc.returncode != 0:
        raise SecretError(
            f"{where}: the command {program!r} failed with exit status {proc.returncode}"
        )
    text = _decode(out)
    if text is None:
        raise SecretError(f"{where}: the command {program!r} printed non-UTF-8 bytes")
    if not text:
        raise SecretError(f"{where}: the command {program!r} printed nothing")
    return text


def _decode(out: bytes) -> str | None:
    """The output as text without its trailing newline; None when it is not UTF-8."""
    try:
        return out.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        return None


def _start(argv: list[str]) -> tuple[subprocess.Popen[bytes] | None, str]:
    """The running command, or None and why it could not start."""
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except FileNotFoundError:
        return None, "was not found"
    except PermissionError:
        return None, "is not executable"
    except OSError as error:
        return None, f"could not start ({error.strerror})"
    return proc, ""


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Stop a timed-out command and anything it started, then reap it."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except ProcessLookupError:
        pass
    proc.communicate()


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret of four or more characters replaced by `***`.

    For callers that must show exception text from adapters, which may quote
    a token back. Longest secrets go first so one that contains another is
    removed whole.
    """
    for secret in sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
