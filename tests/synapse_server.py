"""A real Synapse homeserver on 127.0.0.1 for the Matrix adapter tests.

The fixture generates a config in a temp dir, binds only 127.0.0.1 on a free
port (the generated config also binds ::1), uses SQLite, relaxes rate limits,
never talks to other servers, and registers users with the shared secret
through `register_new_matrix_user`. Outside CI the tests skip when Synapse is
not installed; under `CI=true` they must run.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

SERVER_NAME = "localhost"
START_TIMEOUT = 60.0
PASSWORD = "correct-horse-battery"
_RELAXED = {"per_second": 1000, "burst_count": 1000}


@dataclass
class SynapseServer:
    """A running homeserver: its URL and a way to add users."""

    url: str
    config: Path

    def register(self, localpart: str) -> str:
        """Create a user with PASSWORD; returns the full user id."""
        tool = shutil.which("register_new_matrix_user") or str(
            Path(sys.executable).parent / "register_new_matrix_user"
        )
        subprocess.run(
            [tool, "-u", localpart, "-p", PASSWORD, "--no-admin", "-c", str(self.config), self.url],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return f"@{localpart}:{SERVER_NAME}"

    def login(self, localpart: str) -> str:
        """An access token for a registered user (the other side of the conversation)."""
        reply = httpx.post(
            f"{self.url}/_matrix/client/v3/login",
            json={
                "type": "m.login.password",
                "identifier": {"type": "m.id.user", "user": localpart},
                "password": PASSWORD,
            },
            timeout=30,
        )
        reply.raise_for_status()
        token: str = reply.json()["access_token"]
        return token


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _require_synapse() -> None:
    if importlib.util.find_spec("synapse") is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("matrix-synapse is not installed but CI needs the Synapse tests to run")
    pytest.skip("matrix-synapse is not installed (pip install matrix-synapse)")


def _write_config(directory: Path, port: int) -> Path:
    import yaml  # Synapse depends on PyYAML

    config = directory / "homeserver.yaml"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "synapse.app.homeserver",
            "--server-name",
            SERVER_NAME,
            "--config-path",
            str(config),
            "--generate-config",
            "--report-stats=no",
            "--data-directory",
            str(directory),
        ],
        check=True,
        capture_output=True,
        cwd=directory,
        timeout=120,
    )
    data: dict[str, Any] = yaml.safe_load(config.read_text())
    data["listeners"] = [
        {
            "port": port,
            "bind_addresses": ["127.0.0.1"],
            "type": "http",
            "tls": False,
            "x_forwarded": False,
            "resources": [{"names": ["client"], "compress": False}],
        }
    ]
    data["trusted_key_servers"] = []
    data["suppress_key_server_warning"] = True
    data["enable_registration"] = False
    data["presence"] = {"enabled": False}
    # Tests sync again within seconds and must see the new events, not a cached reply.
    data["caches"] = {"sync_response_cache_duration": 0}
    data["federation_domain_whitelist"] = []
    data["rc_message"] = _RELAXED
    data["rc_registration"] = _RELAXED
    data["rc_login"] = {"address": _RELAXED, "account": _RELAXED, "failed_attempts": _RELAXED}
    data["rc_joins"] = {"local": _RELAXED, "remote": _RELAXED}
    data["rc_invites"] = {"per_room": _RELAXED, "per_user": _RELAXED, "per_issuer": _RELAXED}
    config.write_text(yaml.safe_dump(data))
    return config


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Synapse exited early: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/_matrix/client/versions", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"Synapse did not answer within {START_TIMEOUT:.0f} s")


@pytest.fixture(scope="module")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SynapseServer]:
    """A fresh Synapse for one test module, stopped afterwards."""
    _require_synapse()
    directory = tmp_path_factory.mktemp("synapse")
    port = _free_port()
    config = _write_config(directory, port)
    log = directory / "stdout.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "synapse.app.homeserver", "-c", str(config)],
            cwd=directory,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield SynapseServer(url, config)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
