"""The one live question the item-actions menu asks a tracker: where can this item move now?

Jira's allowed transitions depend on the issue's workflow and the user's
permissions at this moment, so they are asked from the server when the user
opens "Change status", not cached. The UI calls this from a worker so it never
waits on the network; a slow or failing server gives a one-line message with
no secret in it.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Protocol, runtime_checkable

from ctotui.adapters.base import Adapter, AdapterContext
from ctotui.config import Config, resolve_settings
from ctotui.errors import AdapterError, CtotuiError
from ctotui.secrets import redact

TRANSITIONS_TIMEOUT_SECONDS = 20.0


@runtime_checkable
class ListsTransitions(Protocol):
    """An adapter that can say which statuses an item may move to now."""

    async def transitions(self, remote_id: str) -> list[str]: ...


async def transition_choices(
    config: Config,
    context: AdapterContext,
    source: str,
    remote_id: str,
    *,
    timeout: float = TRANSITIONS_TIMEOUT_SECONDS,
) -> list[str]:
    """The status names the item can move to now, in the tracker's order.

    Raises AdapterError with a one-line message (secrets removed) when the
    source is unknown, cannot list transitions, times out or fails.
    """
    configured = next((s for s in config.sources if s.name == source), None)
    if configured is None:
        raise AdapterError(f"source {source!r} is no longer configured")
    if not issubclass(configured.adapter_class, ListsTransitions):
        raise AdapterError(f"{configured.adapter} sources cannot list statuses to move to")
    secrets: list[str] = []
    adapter: Adapter | None = None
    try:
        settings = resolve_settings(configured)
        secret_names = {spec.name for spec in configured.adapter_class.options if spec.secret}
        secrets = [str(settings[n]) for n in secret_names if settings.get(n)]
        adapter = configured.adapter_class(source, settings, context)
        assert isinstance(adapter, ListsTransitions)
        names = await asyncio.wait_for(adapter.transitions(remote_id), timeout)
    except TimeoutError:
        raise AdapterError(f"{source}: no answer within {timeout:.0f} s; try again") from None
    except CtotuiError as error:
        raise AdapterError(redact(error.message, secrets)) from None
    except Exception as error:  # any adapter failure becomes one line for the user
        text = redact(str(error).strip() or type(error).__name__, secrets)
        raise AdapterError(f"{source}: {text}") from None
    finally:
        if adapter is not None:
            with contextlib.suppress(Exception):
                await adapter.aclose()
    return list(dict.fromkeys(n for n in names if n.strip()))
