"""Logs go to a rotated file; secrets never reach it, even from a failing sync."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ctotui.cli import main
from ctotui.logs import redact_known, register_secret, setup_logging

FAKE_TOKEN = "tok_live_9f8e7d6c5b4a"


def test_log_file_in_the_log_dir_and_debug_level(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTOTUI_LOG_DIR", str(tmp_path / "logs"))
    path = setup_logging(debug=True)
    assert path == tmp_path / "logs" / "ctotui.log"
    logging.getLogger("ctotui.test").debug("detail for debugging")
    assert "detail for debugging" in path.read_text()
    setup_logging(debug=False)
    logging.getLogger("ctotui.test").debug("hidden detail")
    assert "hidden detail" not in path.read_text()


def test_registered_secrets_are_redacted_from_records_and_tracebacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTOTUI_LOG_DIR", str(tmp_path))
    path = setup_logging()
    assert path is not None
    register_secret(FAKE_TOKEN)
    log = logging.getLogger("ctotui.test")
    log.warning("token is %s", FAKE_TOKEN)
    try:
        raise RuntimeError(f"server echoed Authorization: Bearer {FAKE_TOKEN}")
    except RuntimeError:
        log.exception("request failed")
    text = path.read_text()
    assert FAKE_TOKEN not in text and "***" in text and "request failed" in text
    assert redact_known(f"x{FAKE_TOKEN}y") == "x***y"


def test_a_failing_sync_never_shows_the_token_anywhere(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    clock,  # type: ignore[no-untyped-def]
) -> None:
    """The echo plugin is configured with a token it then puts into its error message."""
    monkeypatch.setenv("CTOTUI_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("LEAKY_TOKEN", FAKE_TOKEN)
    from ctotui.adapters.base import Adapter, FetchResult, OptionSpec, OptionType
    from ctotui.config import config_from_text
    from ctotui.errors import AdapterError
    from ctotui.model import SourceKind
    from ctotui.store import Store
    from ctotui.sync import SyncEngine

    class Leaky(Adapter):
        name = "leaky"
        kinds = frozenset({SourceKind.TRACKER})
        options = (OptionSpec("token", OptionType.STRING, "the token", required=True, secret=True),)

        async def fetch(self, cursor: str | None) -> FetchResult:
            logging.getLogger("ctotui.adapters.leaky").info("using %s", self.settings["token"])
            raise AdapterError(f"401 for token {self.settings['token']}")

    config = config_from_text(
        '[[sources]]\nname = "l"\nadapter = "leaky"\ntoken = { env = "LEAKY_TOKEN" }\n',
        loader=lambda name: Leaky,
    )
    setup_logging(debug=True)
    with Store.open(tmp_path / "s.db") as store:
        outcomes = asyncio.run(SyncEngine(store, config, clock).sync_all())
        assert not outcomes[0].ok and "***" in outcomes[0].error
        status = store.source_statuses()[0]
        assert FAKE_TOKEN not in status.last_error
    db_bytes = b"".join(p.read_bytes() for p in tmp_path.glob("s.db*"))
    assert FAKE_TOKEN.encode() not in db_bytes
    log_text = (tmp_path / "logs" / "ctotui.log").read_text()
    assert FAKE_TOKEN not in log_text and "sync of l failed" in log_text
    assert FAKE_TOKEN not in capsys.readouterr().out
    main(["--debug", "--config", str(tmp_path / "none.toml"), "doctor"])
    assert FAKE_TOKEN not in capsys.readouterr().out


def test_the_log_rotates_and_keeps_three_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTOTUI_LOG_DIR", str(tmp_path))
    monkeypatch.setattr("ctotui.logs.MAX_BYTES", 2_000)
    path = setup_logging()
    assert path is not None
    log = logging.getLogger("ctotui.test")
    for line in range(200):
        log.info("line %03d %s", line, "x" * 60)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["ctotui.log", "ctotui.log.1", "ctotui.log.2", "ctotui.log.3"]
    assert all(p.stat().st_size <= 2_000 for p in tmp_path.iterdir())
    assert "line 199" in path.read_text() and "line 000" not in "".join(
        p.read_text() for p in tmp_path.iterdir()
    )


def test_without_an_override_the_log_is_in_the_platform_log_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.delenv("CTOTUI_LOG_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    path = setup_logging()
    assert path == Path(platformdirs.user_log_dir("ctotui")) / "ctotui.log"
    assert path.is_relative_to(tmp_path) and path.exists()


def _cli(tmp_path: Path, *args: str, log_dir: Path) -> subprocess.CompletedProcess[str]:
    """The installed CLI in its own process, as a user runs it."""
    config = tmp_path / "config.toml"
    config.write_text(
        '[[sources]]\nname = "work"\nadapter = "imap"\nhost = "127.0.0.1"\nport = 9\n'
        'security = "plain"\nusername = "me"\npassword = { env = "WORK_PASSWORD" }\n'
    )
    env = {**os.environ, "CTOTUI_LOG_DIR": str(log_dir), "WORK_PASSWORD": FAKE_TOKEN}
    env["CTOTUI_DATA_DIR"] = str(tmp_path / "data")
    return subprocess.run(
        [sys.executable, "-m", "ctotui", *args, "--config", str(config), "doctor"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_debug_on_the_command_line_raises_the_level_of_the_log(tmp_path: Path) -> None:
    quiet = _cli(tmp_path, log_dir=tmp_path / "quiet")
    loud = _cli(tmp_path, "--debug", log_dir=tmp_path / "loud")
    assert "(info level; --debug for detail)" in quiet.stdout
    assert f"log:      {tmp_path / 'loud' / 'ctotui.log'} (debug level)" in loud.stdout
    detail = "resolving source 'work', option 'password' from environment variable WORK_PASSWORD"
    assert detail not in (tmp_path / "quiet" / "ctotui.log").read_text()
    logged = (tmp_path / "loud" / "ctotui.log").read_text()
    assert detail in logged and FAKE_TOKEN not in logged + loud.stdout + loud.stderr


def test_a_log_dir_that_cannot_be_written_is_named_and_nothing_stops(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    child = _cli(tmp_path, log_dir=blocker / "logs")
    assert f"log:      {blocker / 'logs' / 'ctotui.log'} (cannot be written" in child.stdout
    assert "Traceback" not in child.stderr and "Data" in child.stdout
