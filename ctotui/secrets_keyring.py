"""Secrets in the system keyring, through the optional `keyring` package.

`keyring` is an extra (`pip install 'ctotui[keyring]'`): it is imported only
when a secret really comes from it, and its absence is a clear message saying
how to install it. Errors name the service and user, never a value; on a
remote box without a keyring the documented path is a `command` secret.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from ctotui.errors import SecretError

INSTALL_HINT = "pip install 'ctotui[keyring]'"
NO_KEYRING_HINT = 'on a box without a keyring use { command = "pass show ENTRY" } instead'


def installed() -> bool:
    """True when the `keyring` package can be imported (checked without importing it)."""
    return importlib.util.find_spec("keyring") is not None


def split_entry(reference: str) -> tuple[str, str]:
    """`SERVICE/USERNAME` as its two parts (the username is after the last `/`)."""
    service, slash, username = reference.rpartition("/")
    if not slash or not service.strip() or not username.strip():
        raise ValueError(
            '\'keyring\' must be "SERVICE/USERNAME", e.g. "imap.acme.example/me@acme.example"'
        )
    return service, username


def _module(where: str) -> Any:
    module: Any = None
    try:
        import keyring

        module = keyring
    except ImportError:
        pass
    if module is None:
        raise SecretError(
            f"{where}: the keyring package is not installed; install it with "
            f"{INSTALL_HINT}, or {NO_KEYRING_HINT}"
        )
    return module


def usable() -> bool:
    """True when `keyring` is installed and has a real backend (not the "fail" one)."""
    if not installed():
        return False
    import keyring
    from keyring.backends import fail

    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend configuration means: no keyring
        return False
    return not isinstance(backend, fail.Keyring) and float(getattr(backend, "priority", 1)) > 0


def _failure(where: str, error: Exception) -> SecretError:
    from keyring.errors import NoKeyringError

    if isinstance(error, NoKeyringError):
        return SecretError(f"{where}: no system keyring is available; {NO_KEYRING_HINT}")
    return SecretError(f"{where}: the keyring could not be used ({type(error).__name__})")


def get_password(service: str, username: str, *, where: str) -> str | None:
    """The stored value, or None when there is no such entry; SecretError when unusable.

    Errors are raised outside the `except` block: a backend's exception may
    carry what it read.
    """
    keyring = _module(where)
    failure: SecretError | None = None
    value: str | None = None
    try:
        value = keyring.get_password(service, username)
    except Exception as error:  # every backend error becomes one clear message
        failure = _failure(where, error)
    if failure is not None:
        raise failure
    return value


def read_secret(reference: str, *, where: str) -> str:
    """A config secret from the keyring; SecretError says what is missing and how to add it."""
    service, username = split_entry(reference)
    value = get_password(service, username, where=where)
    if value is None:
        raise SecretError(
            f"{where}: the keyring has no entry for service {service!r}, user {username!r}; "
            f"add it with `keyring set {service} {username}`"
        )
    if not value.strip():
        raise SecretError(f"{where}: the keyring entry {service}/{username} is empty")
    return value


def set_password(service: str, username: str, value: str, *, where: str) -> None:
    keyring = _module(where)
    failure: SecretError | None = None
    try:
        keyring.set_password(service, username, value)
    except Exception as error:  # every backend error becomes one clear message
        failure = _failure(where, error)
    if failure is not None:
        raise failure


def delete_password(service: str, username: str, *, where: str) -> bool:
    """Remove an entry; False when there was none."""
    keyring = _module(where)
    from keyring.errors import PasswordDeleteError

    failure: SecretError | None = None
    try:
        keyring.delete_password(service, username)
    except PasswordDeleteError:
        return False
    except Exception as error:  # every backend error becomes one clear message
        failure = _failure(where, error)
    if failure is not None:
        raise failure
    return True
