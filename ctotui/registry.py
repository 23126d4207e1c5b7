"""Adapter discovery through the `ctotui.adapters` entry-point group.

Listing what is installed reads package metadata only, so `doctor` and config
validation stay fast and a broken plugin cannot break the listing; an adapter
module is imported only when a configured source names it.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import cache

from ctotui.adapters.base import Adapter
from ctotui.errors import AdapterError

ENTRY_POINT_GROUP = "ctotui.adapters"


@dataclass(frozen=True)
class AdapterEntry:
    """One registered adapter, as its package's metadata describes it."""

    name: str
    target: str
    distribution: str


class AdapterNotFoundError(AdapterError):
    """No installed package registers the requested adapter name."""

    title = "Unknown adapter"

    def __init__(self, name: str, installed: tuple[str, ...]) -> None:
        self.name = name
        self.installed = installed
        listed = ", ".join(installed) if installed else "none"
        super().__init__(f"No adapter named {name!r} is installed (installed adapters: {listed})")


def installed_adapters() -> dict[str, AdapterEntry]:
    """Every adapter name registered by an installed package, sorted by name.

    When two packages register the same name the first one found wins, as
    `load_adapter` would load that one.
    """
    return dict(_scan_entry_points())


@cache
def _scan_entry_points() -> dict[str, AdapterEntry]:
    """The entry points, read once per process and kept.

    The scan reads every installed package's metadata (tens of milliseconds),
    and loading a config looks up the adapter of each configured source.
    """
    found: dict[str, AdapterEntry] = {}
    from importlib.metadata import entry_points  # ~40 ms: only when adapters are listed

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in found:
            continue
        dist = ep.dist.name if ep.dist is not None else "unknown"
        found[ep.name] = AdapterEntry(name=ep.name, target=ep.value, distribution=dist)
    return dict(sorted(found.items()))


def load_adapter(name: str) -> type[Adapter]:
    """Import the adapter class registered as `name`; AdapterError says what went wrong."""
    installed = installed_adapters()
    entry = installed.get(name)
    if entry is None:
        raise AdapterNotFoundError(name, tuple(installed))
    try:
        from importlib.metadata import EntryPoint

        obj = EntryPoint(name=entry.name, value=entry.target, group=ENTRY_POINT_GROUP).load()
    except Exception as exc:
        raise AdapterError(
            f"The adapter {name!r} from the package {entry.distribution!r} could not be "
            f"loaded ({entry.target}): {type(exc).__name__}: {exc}",
            title="Adapter failed to load",
        ) from exc
    if not (isinstance(obj, type) and issubclass(obj, Adapter)):
        raise AdapterError(
            f"The adapter {name!r} from the package {entry.distribution!r} points at "
            f"{entry.target}, which is not an Adapter subclass",
            title="Adapter failed to load",
        )
    if inspect.isabstract(obj):
        missing = ", ".join(sorted(getattr(obj, "__abstractmethods__", ())))
        raise AdapterError(
            f"The adapter {name!r} from the package {entry.distribution!r} is incomplete: "
            f"{entry.target} does not implement {missing}",
            title="Adapter failed to load",
        )
    return obj
