"""Adapter discovery: installed packages appear by metadata; loading fails with clear reasons."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

import ctotui.registry
from ctotui.adapters.base import AdapterContext
from ctotui.clock import FixedClock
from ctotui.errors import AdapterError
from ctotui.registry import (
    BUILT_IN,
    AdapterEntry,
    AdapterNotFoundError,
    declare_adapter,
    installed_adapters,
    load_adapter,
)


def test_ctotuis_own_demo_adapter_is_listed() -> None:
    entry = installed_adapters()["demo"]
    assert entry == AdapterEntry("demo", "ctotui.adapters.demo:DemoAdapter", "ctotui")


def test_a_third_party_package_is_listed_by_its_distribution() -> None:
    entry = installed_adapters()["echo"]
    assert entry.distribution == "ctotui-example-plugin"
    assert entry.target == "ctotui_example_plugin:EchoAdapter"


async def test_a_plugin_adapter_loads_and_fetches() -> None:
    echo = load_adapter("echo")
    assert echo.name == "echo"
    context = AdapterContext(clock=FixedClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC)))
    adapter = echo("hello", {"greeting": "Good morning"}, context)
    result = await adapter.fetch(None)
    assert [item.title for item in result.items] == ["Good morning"]
    again = await adapter.fetch(result.cursor)
    assert again.items == []


def test_listing_imports_no_adapter_module() -> None:
    script = """
import json, sys
import ctotui.registry
before = set(sys.modules)
names = sorted(ctotui.registry.installed_adapters())
new = sorted(set(sys.modules) - before)
print(json.dumps({"names": names, "new": new}))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    report = json.loads(out.stdout)
    assert {"demo", "echo"} <= set(report["names"])
    # Reading metadata may pull in a few standard-library parsers, nothing else.
    outside_stdlib = [m for m in report["new"] if m.split(".")[0] not in sys.stdlib_module_names]
    assert outside_stdlib == []


def test_unknown_name_lists_what_is_installed() -> None:
    with pytest.raises(AdapterNotFoundError) as caught:
        load_adapter("jirra")
    message = caught.value.message
    assert "'jirra'" in message
    assert "demo" in message and "echo" in message
    assert "demo" in caught.value.installed


def fake_registry(monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    entries = {"broken": AdapterEntry("broken", target, "acme-broken-adapter")}
    monkeypatch.setattr(ctotui.registry, "installed_adapters", lambda: entries)


def test_import_failure_names_the_distribution_and_the_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_registry(monkeypatch, "ctotui_no_such_module_anywhere:Adapter")
    with pytest.raises(AdapterError) as caught:
        load_adapter("broken")
    assert "acme-broken-adapter" in caught.value.message
    assert "ModuleNotFoundError" in caught.value.message


def test_a_target_that_is_not_an_adapter_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_registry(monkeypatch, "ctotui.errors:CtotuiError")
    with pytest.raises(AdapterError, match="not an Adapter subclass"):
        load_adapter("broken")


def test_an_incomplete_adapter_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_registry(monkeypatch, "ctotui.adapters.base:Adapter")
    with pytest.raises(AdapterError, match="does not implement fetch"):
        load_adapter("broken")


def test_the_built_in_table_is_what_pyproject_registers() -> None:
    """BUILT_IN spares start-up the metadata scan; it must name exactly the shipped adapters."""
    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    assert pyproject["project"]["entry-points"]["ctotui.adapters"] == BUILT_IN
    assert {name: installed_adapters()[name].target for name in BUILT_IN} == BUILT_IN


def test_every_built_in_declares_the_options_its_class_has() -> None:
    """Validation reads the declarations; the class must take exactly those."""
    for name in BUILT_IN:
        options, load_class = declare_adapter(name)
        assert load_class() is load_adapter(name)
        assert options == load_adapter(name).options, name


def test_a_config_of_built_in_sources_loads_without_their_adapters() -> None:
    """Start-up with sources: no metadata scan, no adapter module, no HTTP or mail stack."""
    script = """
import sys
from ctotui.config import config_from_text
config = config_from_text('''
[[sources]]
name = "code"
adapter = "github"
token = { env = "NOT_READ_AT_LOAD" }
repos = ["acme/api"]

[[sources]]
name = "chat"
adapter = "slack"
token = { env = "NOT_READ_AT_LOAD" }

[[sources]]
name = "work"
adapter = "imap"
host = "imap.acme.example"
username = "cto@acme.example"
''')
assert not config.problems, config.problems
heavy = ("importlib.metadata", "httpx", "imaplib", "smtplib", "email.parser")
adapters = ("ctotui.adapters.github", "ctotui.adapters.slack", "ctotui.adapters.imap")
print(sorted(m for m in heavy + adapters if m in sys.modules))
print(config.sources[0].adapter_class.__name__, "ctotui.adapters.github" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "GitHubAdapter True"]  # loaded when first used
