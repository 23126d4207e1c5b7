"""The sync engine: run every configured source's fetch concurrently, store the results.

It is plain asyncio so the CLI and the app (a Textual async worker) share it.
A failing source is recorded with a clear message and never stops the others.
Sources on the same host share `[sync] per_host` slots; different hosts run in
parallel. Each page is stored with its cursor in one transaction, so a
cancelled sync keeps everything fetched so far and resumes after it.
The outbox is flushed through the same adapters: each queued user action is
applied remotely and retried until it succeeds or fails for good.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ctotui.adapters.base import Adapter, AdapterContext, FetchResult
from ctotui.clock import Clock
from ctotui.config import Config, SourceConfig, resolve_settings
from ctotui.errors import AdapterError
from ctotui.model import Message, OutboxAction
from ctotui.net_errors import causes
from ctotui.net_errors import describe as describe_failure
from ctotui.secrets import redact
from ctotui.store import Store
from ctotui.sync_limits import HostLimiter, host_of
from ctotui.triage import score_with_config

log = logging.getLogger(__name__)

FETCH_TIMEOUT_SECONDS = 120.0
MAX_PAGES_PER_SYNC = 500
MAX_OUTBOX_ATTEMPTS = 5
CLOSE_TIMEOUT_SECONDS = 10.0


class Stage(StrEnum):
    STARTED = "started"
    PAGE = "page"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """One step of one source's sync, for progress lines and status bars."""

    source: str
    stage: Stage
    changed: int = 0
    error: str = ""
    fetched: int = 0
    """Messages and items received so far in this run."""
    total: int | None = None
    """What this run will fetch in all, when the adapter says; None: unknown."""


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    source: str
    adapter: str
    ok: bool
    changed: int
    error: str
    seconds: float
    cancelled: bool = False
    retry_at: datetime | None = None
    """When the server asked to be tried again (Retry-After, rate-limit reset)."""
    rate_limited: bool = False
    unreachable: bool = False
    """No answer at all: refused, no DNS, timed out, TLS failed (counts towards "offline")."""


ProgressCallback = Callable[[SyncProgress], None]


class SyncEngine:
    """Fetches from sources into the store; one instance per workspace."""

    def __init__(self, store: Store, config: Config, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._loop: asyncio.AbstractEventLoop | None = None
        self._limiter = HostLimiter(config.sync.per_host)
        self._outbox_lock = asyncio.Lock()
        self.config = config

    @property
    def config(self) -> Config:
        return self._config

    @config.setter
    def config(self, config: Config) -> None:
        """A reloaded config applies at once: `[sync] per_host` to runs waiting right now."""
        self._config = config
        self._context = AdapterContext(clock=self.clock, people=config.people, me=config.me_person)
        self._limiter.per_host = config.sync.per_host

    def _bind_loop(self) -> None:
        """Fresh limiter and lock for a new event loop (each `asyncio.run` of the CLI)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop = loop
            self._limiter = HostLimiter(self.config.sync.per_host)
            self._outbox_lock = asyncio.Lock()

    async def sync_all(
        self, on_progress: ProgressCallback | None = None, *, only: str | None = None
    ) -> list[SourceOutcome]:
        """Sync every enabled source (or just `only`) concurrently; never raises for a source.

        Cancelling it cancels every source's run; each keeps what it stored.
        """
        sources = [s for s in self.config.sources if s.enabled and (only is None or s.name == only)]
        return list(await asyncio.gather(*(self.sync_source(s, on_progress) for s in sources)))

    async def sync_source(
        self, source: SourceConfig, on_progress: ProgressCallback | None = None
    ) -> SourceOutcome:
        """Fetch all pages of one source; a failure is stored as that source's status.

        It waits for a slot of the source's host first. Cancelled, it reports
        CANCELLED and re-raises: pages already stored stay, with their cursor.
        """
        self._bind_loop()
        async with self._limiter.slot(host_of(source.adapter_class, source.settings)):
            return await self._sync_source(source, on_progress or (lambda _progress: None))

    async def _sync_source(self, source: SourceConfig, report: ProgressCallback) -> SourceOutcome:
        started = time.monotonic()
        report(SyncProgress(source.name, Stage.STARTED))
        changed = fetched = 0
        total: int | None = None
        secrets: list[str] = []
        adapter: Adapter | None = None
        try:
            settings = resolve_settings(source)
            secrets = _secret_values(source, settings)
            adapter = source.adapter_class(source.name, settings, self._context)
            cursor = self.store.get_cursor(source.name)
            for _page in range(MAX_PAGES_PER_SYNC):
                result = await asyncio.wait_for(adapter.fetch(cursor), FETCH_TIMEOUT_SECONDS)
                # Stored with its cursor in one transaction: a cancel after this keeps it.
                changed += self._save(source, result)
                cursor = result.cursor
                fetched += len(result.messages) + len(result.items)
                total = None if result.remaining is None else fetched + max(result.remaining, 0)
                report(SyncProgress(source.name, Stage.PAGE, changed, fetched=fetched, total=total))
                if not result.more:
                    break
        except asyncio.CancelledError:
            log.info("sync of %s cancelled after %d fetched", source.name, fetched)
            report(
                SyncProgress(source.name, Stage.CANCELLED, changed, fetched=fetched, total=total)
            )
            raise
        except Exception as error:  # any adapter failure becomes that source's status
            message = redact(_describe(error), secrets)
            log.warning("sync of %s failed: %s", source.name, message)
            log.debug("sync of %s failed", source.name, exc_info=True)
            self.store.record_sync_error(source.name, source.adapter, message, self.clock.now())
            report(SyncProgress(source.name, Stage.FAILED, changed, message))
            retry_at, rate_limited = _server_retry(error)
            return SourceOutcome(
                source.name,
                source.adapter,
                False,
                changed,
                message,
                time.monotonic() - started,
                retry_at=retry_at,
                rate_limited=rate_limited,
                unreachable=_unreachable(error),
            )
        finally:
            if adapter is not None:
                await _close_quietly(adapter)
        report(SyncProgress(source.name, Stage.DONE, changed, fetched=fetched, total=total))
        return SourceOutcome(
            source.name, source.adapter, True, changed, "", time.monotonic() - started
        )

    def _save(self, source: SourceConfig, result: FetchResult) -> int:
        now = self.clock.now()
        mine = self.store.my_message_ids(source.name) if result.messages else set()
        for message in result.messages:
            message.importance = score_with_config(
                message, self.config, now, replies_to_me=message.in_reply_to in mine
            ).value
        return self.store.save_fetch(
            source.name,
            source.adapter,
            messages=result.messages,
            items=result.items,
            events=result.events,
            cursor=result.cursor,
            at=now,
        )

    async def load_full_message(self, message: Message) -> Message | None:
        """Fetch and store the complete body of a message fetched as a snippet."""
        source = next((s for s in self.config.sources if s.name == message.source), None)
        if source is None or message.body_complete:
            return None
        secrets: list[str] = []
        adapter: Adapter | None = None
        try:
            settings = resolve_settings(source)
            secrets = _secret_values(source, settings)
            adapter = source.adapter_class(source.name, settings, self._context)
            full = await asyncio.wait_for(adapter.fetch_full(message), FETCH_TIMEOUT_SECONDS)
        except Exception as error:  # shown to the user; the snippet stays
            raise AdapterError(redact(_describe(error), secrets)) from None
        finally:
            if adapter is not None:
                await _close_quietly(adapter)
        if full is None:
            return None
        full.importance = message.importance
        self.store.save_fetch(
            source.name,
            source.adapter,
            messages=[full],
            items=[],
            events=[],
            cursor=self.store.get_cursor(source.name),
            at=self.clock.now(),
        )
        return full

    async def flush_outbox(self) -> tuple[int, int]:
        """Apply queued user actions; returns (applied, failed) counts for this pass.

        One pass at a time: two at once could apply the same action twice.
        """
        self._bind_loop()
        async with self._outbox_lock:
            return await self._flush_outbox()

    async def _flush_outbox(self) -> tuple[int, int]:
        applied = failed = 0
        by_name = {s.name: s for s in self.config.sources}
        for action in self.store.pending_actions():
            assert action.id is not None
            source = by_name.get(action.source)
            if source is None:
                self.store.mark_action_failed(
                    action.id, f"source {action.source!r} is no longer configured", final=True
                )
                failed += 1
                continue
            error = await self._apply(source, action)
            if error:
                final = action.attempts + 1 >= MAX_OUTBOX_ATTEMPTS
                self.store.mark_action_failed(action.id, error, final=final)
                failed += 1
            else:
                self.store.mark_action_done(action.id)
                applied += 1
        return applied, failed

    async def _apply(self, source: SourceConfig, action: OutboxAction) -> str:
        secrets: list[str] = []
        adapter: Adapter | None = None
        try:
            settings = resolve_settings(source)
            secrets = _secret_values(source, settings)
            adapter = source.adapter_class(source.name, settings, self._context)
            await asyncio.wait_for(adapter.apply(action), FETCH_TIMEOUT_SECONDS)
        except Exception as error:  # reported on the action, retried later
            return redact(_describe(error), secrets)
        finally:
            if adapter is not None:
                await _close_quietly(adapter)
        return ""


def _secret_values(source: SourceConfig, settings: dict[str, object]) -> list[str]:
    names = {spec.name for spec in source.adapter_class.options if spec.secret}
    return [str(settings[name]) for name in names if settings.get(name)]


def _server_retry(error: BaseException) -> tuple[datetime | None, bool]:
    """The time a server asked us to come back, found anywhere in the error's chain."""
    for cause in causes(error):
        if isinstance(cause, AdapterError) and cause.retry_at is not None:
            return cause.retry_at, cause.rate_limited
    return None, False


def _unreachable(error: BaseException) -> bool:
    """Whether the failure was getting no answer at all, rather than a bad one."""
    httpx = sys.modules.get("httpx")  # only loaded when an HTTP adapter ran
    transport = httpx.TransportError if httpx is not None else OSError
    for cause in causes(error):
        if isinstance(cause, AdapterError) and cause.unreachable:
            return True
        if isinstance(cause, OSError | transport):
            return True
    return False


def _describe(error: BaseException) -> str:
    """A one-line human message for a failure, without a traceback (see net_errors)."""
    return describe_failure(error, limit=FETCH_TIMEOUT_SECONDS)


async def _close_quietly(adapter: Adapter) -> None:
    """Release the adapter; bounded, as a cancelled fetch may still hold its connection."""
    with contextlib.suppress(AdapterError, OSError, TimeoutError):
        await asyncio.wait_for(adapter.aclose(), CLOSE_TIMEOUT_SECONDS)
