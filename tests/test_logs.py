"""Logs go to a rotated file; secrets never reach it, even from a failing sync."""

from __future__ import annotations

import asyncio
import logging
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
