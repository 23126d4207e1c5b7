"""`ctotui doctor`: one plain-text report of everything that can stop ctotui working.

It reads the config, the installed adapters (metadata only), whether each
secret resolves, whether each source's server answers and accepts the token
(for adapters with a `probe`), where the data and the log live, so a user can fix a
setup without starting the app. Secret values are never printed, only whether they resolve.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from ctotui import __version__, registry
from ctotui.adapters.base import Adapter, AdapterContext
from ctotui.clock import SystemClock
from ctotui.config import Config, SourceConfig, resolve_settings
from ctotui.errors import AdapterError, CtotuiError, SecretError
from ctotui.logs import log_dir, log_file
from ctotui.paths import store_path
from ctotui.sanitize import clean_line
from ctotui.secrets import SecretRef, redact, resolve_secret
from ctotui.secrets_exposure import exposed_secret_warning
from ctotui.settings_file import settings_path

EXIT_OK = 0
EXIT_PROBLEMS = 2
PROBE_TIMEOUT_SECONDS = 30.0


def run_doctor(config: Config, *, data_dir: Path, check_secrets: bool = True) -> tuple[str, int]:
    """The report and its exit code: 0 when all is well, else 2.

    2 means config problems, a secret of an enabled source that does not
    resolve, or a data dir that cannot be written.
    """
    lines = [f"ctotui {__version__} doctor (Python {sys.version.split()[0]})", ""]
    lines += _config_section(config)
    lines += _adapters_section()
    source_lines, secret_failures, probe_failures = _sources_section(config, check_secrets)
    lines += source_lines
    data_lines, data_failures = _data_section(data_dir)
    lines += data_lines
    failed = len(config.problems) + secret_failures + probe_failures + data_failures
    if failed:
        parts = []
        if config.problems:
            parts.append(f"{len(config.problems)} config problem(s)")
        if secret_failures:
            parts.append(f"{secret_failures} secret(s) that do not resolve")
        if probe_failures:
            parts.append(f"{probe_failures} source(s) whose server check fails")
        if data_failures:
            parts.append("a data dir ctotui cannot write")
        lines.append(f"Result: {' and '.join(parts)}; see above.")
    else:
        lines.append("Result: all good.")
    return "\n".join(lines) + "\n", EXIT_PROBLEMS if failed else EXIT_OK


def _config_section(config: Config) -> list[str]:
    lines = ["Config file"]
    if config.path is None:
        lines.append("  none (built-in defaults)")
    else:
        state = "exists" if config.path.is_file() else "not found"
        lines.append(f"  {config.path} ({state})")
        overrides = settings_path(config.path)
        if overrides.is_file():
            lines.append(f"  {overrides} (Settings screen changes; they win over the config)")
    exposed = exposed_secret_warning(config)
    if exposed:
        lines.append(f"  WARNING: {exposed}")
    lines.append("")
    lines.append(f"Problems ({len(config.problems)})")
    lines += [f"  {problem}" for problem in config.problems] or ["  none"]
    lines.append("")
    return lines


def _adapters_section() -> list[str]:
    entries = registry.installed_adapters()
    lines = [f"Installed adapters ({len(entries)})"]
    if not entries:
        lines.append("  none: install ctotui again, or an adapter package")
    rows = [
        (clean_line(e.name), clean_line(e.distribution), clean_line(e.target))
        for e in entries.values()
    ]
    name_width = max((len(row[0]) for row in rows), default=0)
    dist_width = max((len(row[1]) for row in rows), default=0)
    for name, distribution, target in rows:
        lines.append(f"  {name:<{name_width}}  {distribution:<{dist_width}}  ({target})")
    lines.append("")
    return lines


def _sources_section(config: Config, check_secrets: bool) -> tuple[list[str], int, int]:
    """Each source's secrets and, for adapters that can check their server, the probe."""
    lines = [f"Sources ({len(config.sources)})"]
    if not config.sources:
        lines.append("  none usable: see the problems above" if config.problems else "  none")
    failures = probe_failures = 0
    for source in config.sources:
        state = "enabled" if source.enabled else "disabled"
        lines.append(
            f"  {source.name}: adapter {source.adapter}, every {source.interval} s, {state}"
        )
        secret_lines, source_failures, resolved = _secret_lines(source, check_secrets)
        lines += secret_lines
        if check_secrets and not source_failures and source.settings.get("oauth"):
            from ctotui.oauth_status import sign_in_state

            lines.append(f"    oauth: {sign_in_state(source)[0]}")
        if source.enabled:
            failures += source_failures
        if source.enabled and check_secrets and not source_failures and _can_probe(source):
            line, ok = probe_source(source, config, resolved)
            lines.append(f"    server: {line}")
            probe_failures += 0 if ok else 1
    lines.append("")
    return lines, failures, probe_failures


def _can_probe(source: SourceConfig) -> bool:
    return source.adapter_class.probe is not Adapter.probe


def probe_source(
    source: SourceConfig, config: Config, resolved: Mapping[str, str] | None = None
) -> tuple[str, bool]:
    """Run the adapter's `probe()`: (what it says, True) or (FAILS: why, False).

    `resolved` are secrets already resolved for this report, so a `command` (which
    may ask for a passphrase) runs once, not again for the probe.
    """
    secrets: list[str] = []
    try:
        settings = resolve_settings(source) if resolved is None else {**source.settings, **resolved}
        names = {spec.name for spec in source.adapter_class.options if spec.secret}
        secrets = [str(settings[n]) for n in names if settings.get(n)]
        context = AdapterContext(clock=SystemClock(), people=config.people, me=config.me_person)
        adapter = source.adapter_class(source.name, settings, context)
        text = asyncio.run(_probe(adapter))
    except CtotuiError as error:
        return f"FAILS: {clean_line(redact(error.message, secrets), 300)}", False
    except Exception as error:  # any adapter failure is reported, never a traceback
        detail = redact(f"{type(error).__name__}: {error}", secrets)
        return f"FAILS: {clean_line(detail, 300)}", False
    return clean_line(redact(text, secrets), 300), True


async def _probe(adapter: Adapter) -> str:
    try:
        return await asyncio.wait_for(adapter.probe(), PROBE_TIMEOUT_SECONDS)
    except TimeoutError:
        raise AdapterError(f"no answer in {PROBE_TIMEOUT_SECONDS:.0f} s") from None
    finally:
        with contextlib.suppress(Exception):
            await adapter.aclose()


def _secret_lines(
    source: SourceConfig, check_secrets: bool
) -> tuple[list[str], int, dict[str, str]]:
    """A line per secret option, the failures, and the secrets that resolved."""
    lines: list[str] = []
    failures = 0
    resolved: dict[str, str] = {}
    for spec in source.adapter_class.options:
        if not spec.secret:
            continue
        ref = source.settings.get(spec.name)
        if not isinstance(ref, SecretRef):
            lines.append(f"    {spec.name}: not set (optional)")
            continue
        if not check_secrets:
            lines.append(f"    {spec.name}: from {ref.origin}, not checked")
            continue
        try:
            resolved[spec.name] = resolve_secret(ref, source=source.name, option=spec.name)
        except SecretError as error:
            failures += 1
            note = "" if source.enabled else " (source disabled: not counted)"
            lines.append(f"    {spec.name}: FAILS: {error.message}{note}")
            continue
        advice = " (better: { env = ... } or { command = ... })" if ref.kind == "plain" else ""
        lines.append(f"    {spec.name}: from {ref.origin}, resolves{advice}")
    return lines, failures, resolved


def _data_section(data_dir: Path) -> tuple[list[str], int]:
    """Where the store lives, and whether ctotui can write there (1 failure if not)."""
    store = store_path(data_dir)
    existing = data_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    writable = existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)
    if data_dir.is_dir():
        dir_state = "exists, writable" if writable else "exists, NOT writable"
    elif data_dir.exists():
        dir_state, writable = "NOT a directory", False
    else:
        dir_state = "created on first run" if writable else f"cannot be created in {existing}"
    if store.is_file():
        store_state = f"exists, {store.stat().st_size / 1_048_576:.1f} MB"
    else:
        store_state = "not created yet"
    lines = [
        "Data",
        f"  data dir: {data_dir} ({dir_state})",
        f"  store:    {store} ({store_state})",
        _log_line(),
        "",
    ]
    return lines, 0 if writable else 1


def _log_line() -> str:
    """Where this run logs to: the file to attach to a bug report, and at what level."""
    path = log_file()
    if path is None:
        return f"  log:      {log_dir() / 'ctotui.log'} (cannot be written; nothing is logged)"
    if logging.getLogger("ctotui").isEnabledFor(logging.DEBUG):
        return f"  log:      {path} (debug level)"
    return f"  log:      {path} (info level; --debug for detail)"
