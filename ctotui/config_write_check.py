"""The "test connection" step of `ctotui init`: the doctor's check on a source not yet saved.

The draft goes through the strict loader and the same `probe_source` that
`ctotui doctor` runs, so a source that passes here passes there. The result
is one plain sentence; secret values never appear in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctotui.adapters.base import Adapter
from ctotui.config import config_from_text, resolve_settings
from ctotui.config_write import SourceDraft, render_sources
from ctotui.errors import SecretError


@dataclass(frozen=True)
class CheckResult:
    """Whether the source answered and accepted the login, in words."""

    ok: bool
    text: str


def check_connection(draft: SourceDraft, adapter_class: type[Adapter]) -> CheckResult:
    """Resolve the draft's secrets and run the adapter's probe (blocking: call off the UI)."""
    from ctotui.doctor import probe_source

    config = config_from_text(render_sources([draft]), loader=lambda _name: adapter_class)
    if config.problems or not config.sources:
        first = config.problems[0] if config.problems else None
        detail = f"{first.key}: {first.text}" if first else "the settings are not valid"
        return CheckResult(False, f"Not tested: {detail}.")
    source = config.sources[0]
    if adapter_class.probe is Adapter.probe:
        try:
            resolve_settings(source)
        except SecretError as error:
            return CheckResult(False, f"Connection not tested: {error.message}.")
        return CheckResult(
            True, f"The {draft.adapter} adapter has no connection check; the settings are valid."
        )
    line, ok = probe_source(source, config)
    if ok:
        return CheckResult(True, f"Connection works: {line}.")
    reason = line.removeprefix("FAILS: ")
    return CheckResult(False, f"Connection failed: {reason}")
