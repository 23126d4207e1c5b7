"""Where a source's OAuth refresh token is kept: the system keyring, or a private file.

Never in the config file, the store or a log. `oauth_token_store = "auto"`
uses the keyring when the optional `keyring` package has a working backend,
else a file with mode 0600 (in a 0700 folder) under the data dir's `oauth/`.
Reading looks in both places, so a token saved while a keyring was available
is still found from a cron job without one, and the other way round.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ctotui import paths, secrets_keyring
from ctotui.logs import register_secret
from ctotui.oauth import OAuthError, OAuthSettings

log = logging.getLogger(__name__)

KEYRING_SERVICE = "ctotui-oauth"
FOLDER = "oauth"


@dataclass(frozen=True, slots=True)
class StoredGrant:
    """A refresh token with what it belongs to (provider, client) and when it was saved."""

    provider: str
    client_id: str
    refresh_token: str
    scope: str
    saved_at: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> StoredGrant | None:
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        fields = ("provider", "client_id", "refresh_token", "scope", "saved_at")
        if not all(isinstance(data.get(name), str) for name in fields):
            return None
        if not data["refresh_token"]:
            return None
        register_secret(data["refresh_token"])
        return cls(**{name: data[name] for name in fields})

    def rotated(self, refresh_token: str, saved_at: str) -> StoredGrant:
        return replace(self, refresh_token=refresh_token, saved_at=saved_at)


def token_dir() -> Path:
    """`oauth/` in the data dir ($CTOTUI_DATA_DIR, else the platform data dir)."""
    return paths.data_dir(None) / FOLDER


def _file_name(source: str) -> str:
    """A safe file name per source (a hash keeps names that clean alike apart)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", source)[:60]
    digest = hashlib.sha256(source.encode()).hexdigest()[:8]
    return f"{safe}-{digest}.json"


class TokenStore:
    """One source's refresh token, in the keyring or a private file."""

    def __init__(self, settings: OAuthSettings, folder: Path | None = None) -> None:
        self.settings = settings
        self.source = settings.source
        self.path = (folder or token_dir()) / _file_name(self.source)
        self._where = f"source {self.source!r}, OAuth token"
        self.kind = self._choose(settings.token_store)

    def _choose(self, wanted: str) -> str:
        if wanted == "file":
            return "file"
        if wanted == "keyring":
            if not secrets_keyring.installed():
                raise OAuthError(
                    f'Source {self.source!r}: oauth_token_store = "keyring" needs the keyring '
                    f'package: install it with {secrets_keyring.INSTALL_HINT}, or use "file".'
                )
            return "keyring"
        return "keyring" if secrets_keyring.usable() else "file"

    @property
    def location(self) -> str:
        """Where the token is kept, for messages."""
        if self.kind == "keyring":
            return f"the system keyring (service {KEYRING_SERVICE}, user {self.source})"
        return f"{self.path} (mode 0600)"

    def load(self) -> StoredGrant | None:
        """The stored grant of this provider and client, or None (not signed in)."""
        grant = self._load_keyring() if self.kind == "keyring" else self._load_file()
        if grant is None:
            # The other place: a keyring that came or went since the sign-in.
            other = self._load_file() if self.kind == "keyring" else self._load_keyring_quietly()
            grant = other
        if grant is None:
            return None
        if (grant.provider, grant.client_id) != (
            self.settings.provider.name,
            self.settings.client_id,
        ):
            log.info("stored OAuth token of %s belongs to another client; ignored", self.source)
            return None
        return grant

    def save(self, grant: StoredGrant) -> None:
        register_secret(grant.refresh_token)
        if self.kind == "keyring":
            secrets_keyring.set_password(
                KEYRING_SERVICE, self.source, grant.to_json(), where=self._where
            )
            self._delete_file()  # one copy only
        else:
            self._write_file(grant.to_json())
        log.info("saved the OAuth token of %s in %s", self.source, self.kind)

    def delete(self) -> bool:
        """Remove the token wherever it is; True when one was removed."""
        removed = self._delete_file()
        if secrets_keyring.usable():
            removed = (
                secrets_keyring.delete_password(KEYRING_SERVICE, self.source, where=self._where)
                or removed
            )
        return removed

    def _load_keyring(self) -> StoredGrant | None:
        text = secrets_keyring.get_password(KEYRING_SERVICE, self.source, where=self._where)
        return StoredGrant.from_json(text) if text else None

    def _load_keyring_quietly(self) -> StoredGrant | None:
        if not secrets_keyring.usable():
            return None
        try:
            return self._load_keyring()
        except Exception:  # an unusable keyring here only means: not there
            return None

    def _load_file(self) -> StoredGrant | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as error:
            raise OAuthError(
                f"Source {self.source!r}: cannot read {self.path} ({error.strerror or error})."
            ) from None
        with contextlib.suppress(OSError):
            if os.name != "nt" and self.path.stat().st_mode & 0o077:
                os.chmod(self.path, 0o600)
        return StoredGrant.from_json(text)

    def _write_file(self, text: str) -> None:
        """Written whole to a private temp file, then renamed over the old one."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            temp = folder / f".{self.path.name}.tmp"
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
        except OSError as error:
            raise OAuthError(
                f"Source {self.source!r}: cannot save the token in {folder} "
                f"({error.strerror or error})."
            ) from None

    def _delete_file(self) -> bool:
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        return True
