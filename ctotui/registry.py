"""Adapter discovery through the `ctotui.adapters` entry-point group.

Listing what is installed reads package metadata only, so `doctor` and config
validation stay fast and a broken plugin cannot break the listing; a plugin's
adapter module is imported only when a configured source names it. ctotui's own
adapters are found without reading any metadata (see BUILT_IN) and validated from
their option declarations; their modules load when a sync first uses them.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial

from ctotui.adapters.base import Adapter, OptionSpec
from ctotui.errors import AdapterError

ENTRY_POINT_GROUP = "ctotui.adapters"
BUILT_IN = {
    "demo": "ctotui.adapters.demo:DemoAdapter",
    "maildir": "ctotui.adapters.maildir:MaildirAdapter",
    "imap": "ctotui.adapters.imap:ImapAdapter",
    "github": "ctotui.adapters.github:GitHubAdapter",
    "gitlab": "ctotui.adapters.gitlab:GitLabAdapter",
    "jira": "ctotui.adapters.jira:JiraAdapter",
    "linear": "ctotui.adapters.linear:LinearAdapter",
    "slack": "ctotui.adapters.slack:SlackAdapter",
    "matrix": "ctotui.adapters.matrix:MatrixAdapter",
}
"""ctotui's own adapters, exactly as pyproject.toml registers them (a test keeps both equal).

A config naming only these loads without reading any package's metadata (the
scan is ~15 ms of start-up); a plugin cannot take over one of these names.
"""


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

    ctotui's own names come first; when two plugins register the same name the
    first one found wins, as `load_adapter` would load that one.
    """
    return dict(_scan_entry_points())


@cache
def _scan_entry_points() -> dict[str, AdapterEntry]:
    """The entry points, read once per process and kept.

    The scan reads every installed package's metadata (tens of milliseconds),
    and loading a config looks up the adapter of each configured source.
    """
    found = {name: AdapterEntry(name, target, "ctotui") for name, target in BUILT_IN.items()}
    from importlib.metadata import entry_points  # ~40 ms: only when adapters are listed

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in found:
            continue
        dist = ep.dist.name if ep.dist is not None else "unknown"
        found[ep.name] = AdapterEntry(name=ep.name, target=ep.value, distribution=dist)
    return dict(sorted(found.items()))


def declare_adapter(
    name: str,
) -> tuple[tuple[OptionSpec, ...], Callable[[], type[Adapter]]]:
    """The adapter `name` as config validation needs it: (its options, a loader of its class).

    ctotui's own adapters declare their options in `ctotui.adapters.<name>_options`,
    read without importing the adapter (its HTTP, IMAP or SMTP code loads with the
    first sync, after the first frame); a plugin's class is imported now, and an
    import failure is the AdapterError config validation reports.
    """
    if name in BUILT_IN:
        module = importlib.import_module(f"ctotui.adapters.{name}_options")
        options: tuple[OptionSpec, ...] = getattr(module, f"{name.upper()}_OPTIONS")
        return options, cache(partial(load_adapter, name))
    adapter_class = load_adapter(name)
    return adapter_class.options, lambda: adapter_class


def load_adapter(name: str) -> type[Adapter]:
    """Import the adapter class registered as `name`; AdapterError says what went wrong."""
    target = BUILT_IN.get(name)
    entry = AdapterEntry(name, target, "ctotui") if target else installed_adapters().get(name)
    if entry is None:
        raise AdapterNotFoundError(name, tuple(installed_adapters()))
    try:
        obj = _load_built_in(entry.target) if target else _load_entry_point(entry)
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


def _load_built_in(target: str) -> object:
    """One of BUILT_IN's `module:Class` targets, imported without `importlib.metadata`."""
    module_name, _, class_name = target.partition(":")
    return getattr(importlib.import_module(module_name), class_name)


def _load_entry_point(entry: AdapterEntry) -> object:
    from importlib.metadata import EntryPoint

    return EntryPoint(name=entry.name, value=entry.target, group=ENTRY_POINT_GROUP).load()
