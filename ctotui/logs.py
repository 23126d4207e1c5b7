"""Logging to a rotated file in the platform log dir; secrets redacted from every record.

The terminal belongs to the UI, so logs go to `user_log_dir("ctotui")/ctotui.log`
(or `CTOTUI_LOG_DIR`), rotated at 1 MB with three old files kept. `--debug`
raises the level. Every secret the resolver hands out is registered here and
replaced by `***` in any record, whatever module logs it.
"""

from __future__ import annotations

import logging
import os
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_ENV = "CTOTUI_LOG_DIR"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str) -> None:
    """Remember a resolved secret so no log record can ever show it."""
    if len(value) >= 4:
        with _lock:
            _secrets.add(value)


def redact_known(text: str) -> str:
    """`text` with every registered secret replaced by `***` (longest first)."""
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, "***")
    return text


class RedactingFilter(logging.Filter):
    """Renders each record's message once, redacted, so arguments cannot leak secrets."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = redact_known(record.getMessage())
        record.msg, record.args = message, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact_known(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def log_dir() -> Path:
    override = os.environ.get(LOG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_log_dir("ctotui"))


def setup_logging(*, debug: bool = False) -> Path | None:
    """Send ctotui's logs to the rotated file; returns its path (None if it cannot be opened)."""
    logger = logging.getLogger("ctotui")
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    for handler in list(logger.handlers):
        if getattr(handler, "_ctotui", False):
            logger.removeHandler(handler)
            handler.close()
    directory = log_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            directory / "ctotui.log", maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None  # a read-only home must not stop the app; nothing is logged then
    handler._ctotui = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    return directory / "ctotui.log"


def log_file() -> Path | None:
    """The file ctotui logs to right now (None when file logging is not set up)."""
    for handler in logging.getLogger("ctotui").handlers:
        if getattr(handler, "_ctotui", False) and isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None
