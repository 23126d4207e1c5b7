"""Writing sources into the config: new files, appends that keep every byte, backups."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from init_adapter import KeyTracker, loader

from ctotui.config import load_config
from ctotui.config_values import ValueProblem
from ctotui.config_write import (
    ConfigWriteError,
    SourceDraft,
    plan_write,
    render_sources,
    suggest_name,
    write_plan,
)
from ctotui.config_write_input import SecretInput, build_draft, form_options, parse_value
from ctotui.doctor import run_doctor

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
HAND_WRITTEN = (
    "# My ctotui config — written by hand.\n"
    'me = "ada"   # that is me\n'
    "\n"
    "[people.ada]\n"
    'email = "ada@acme.example"\n'
    "\n"
    "[[sources]]\n"
    'name = "tracker"   # keep this comment\n'
    'adapter = "keytracker"\n'
    'url = "https://keys.acme.example"\n'
    'user = "ada"\n'
    'token = { env = "KEYS_TOKEN" }\n'
    "# trailing comment, no newline at the end"
)


def draft(name: str = "keys", **values: object) -> SourceDraft:
    base: dict[str, object] = {
        "url": "https://keys2.acme.example",
        "user": "ada",
        "token": {"command": "pass show keys"},
    }
    return SourceDraft(name, "keytracker", {**base, **values}, frozenset({"token"}))


def test_a_new_file_is_written_private_and_loads_without_problems(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    plan = plan_write(path, [draft()], now=NOW, loader=loader)
    assert plan.new_file and plan.backup is None
    assert plan.diff.startswith("--- /dev/null")
    write_plan(plan)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    config = load_config(path, loader=loader)
    assert config.problems == ()
    (source,) = config.sources
    assert (source.name, source.adapter, source.settings["user"]) == ("keys", "keytracker", "ada")
    assert 'token = { command = "pass show keys" }' in path.read_text()


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_appending_keeps_every_byte_of_a_commented_file_and_backs_it_up(
    tmp_path: Path, newline: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    original = HAND_WRITTEN.replace("\n", newline).encode()
    path.write_bytes(original)
    path.chmod(0o640)
    plan = plan_write(path, [draft()], now=NOW, loader=loader)
    assert "+[[sources]]" in plan.diff and '+name = "keys"' in plan.diff
    write_plan(plan)
    written = path.read_bytes()
    assert written[: len(original)] == original
    added = written[len(original) :].decode()
    assert added.startswith(newline + newline + "# Added by ctotui init on 2026-11-18.")
    if newline == "\r\n":
        assert "\n" not in added.replace("\r\n", "")
    assert plan.backup is not None and plan.backup.read_bytes() == original
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    monkeypatch.setattr("ctotui.registry.load_adapter", loader)
    config = load_config(path)
    assert [s.name for s in config.sources] == ["tracker", "keys"]
    report, _code = run_doctor(config, data_dir=tmp_path / "data", check_secrets=False)
    assert "Problems (0)" in report
    assert "keys: adapter keytracker" in report


def test_a_taken_name_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN)
    with pytest.raises(ConfigWriteError, match=r"'tracker' already exists.*'tracker-2'"):
        plan_write(path, [draft("tracker")], now=NOW, loader=loader)
    assert suggest_name("keytracker", {"keytracker", "keytracker-2"}) == "keytracker-3"


def test_a_broken_or_inline_sources_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('me = "ada\n')
    with pytest.raises(ConfigWriteError, match="not valid TOML"):
        plan_write(path, [draft()], now=NOW, loader=loader)
    path.write_text("sources = []\n")
    with pytest.raises(ConfigWriteError, match="would not be valid"):
        plan_write(path, [draft()], now=NOW, loader=loader)
    assert path.read_text() == "sources = []\n"
    assert list(tmp_path.iterdir()) == [path]


def test_a_file_changed_after_the_diff_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN)
    plan = plan_write(path, [draft()], now=NOW, loader=loader)
    path.write_text(HAND_WRITTEN + "\n# edited meanwhile\n")
    with pytest.raises(ConfigWriteError, match="changed since the diff"):
        write_plan(plan)
    assert path.read_text().endswith("# edited meanwhile\n")


def test_a_plain_secret_is_written_but_masked_in_the_diff(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    plan = plan_write(path, [draft(token="hunter2-secret")], now=NOW, loader=loader)
    assert "hunter2-secret" not in plan.diff
    assert 'token = "***"' in plan.diff
    write_plan(plan)
    assert 'token = "hunter2-secret"' in path.read_text()


def test_render_uses_inline_secret_tables_and_reads_back() -> None:
    text = render_sources([draft(labels=["a", 'b "c"'], verify=False)])
    assert text.startswith('[[sources]]\nname = "keys"\nadapter = "keytracker"\n')
    assert 'token = { command = "pass show keys" }' in text


def test_typed_input_becomes_toml_values_and_defaults_stay_unset() -> None:
    specs = {spec.name: spec for spec in form_options(KeyTracker)}
    assert [s.name for s in form_options(KeyTracker)][:3] == ["url", "user", "token"]
    assert parse_value(specs["labels"], " blocked, on hold ,") == ["blocked", "on hold"]
    assert parse_value(specs["labels"], "blocked") is None
    assert parse_value(specs["labels"], '["on hold, waiting", "x"]') == ["on hold, waiting", "x"]
    assert parse_value(specs["labels"], ["a", "b"]) == ["a", "b"]
    with pytest.raises(ValueProblem, match="strings only"):
        parse_value(specs["labels"], "[1, 2]")
    with pytest.raises(ValueProblem, match="not a TOML array"):
        parse_value(specs["labels"], '["open')
    assert parse_value(specs["verify"], False) is False
    assert parse_value(specs["verify"], True) is None
    assert parse_value(specs["page_size"], "80") == 80
    assert parse_value(specs["interval"], "") is None
    with pytest.raises(ValueProblem, match="not a whole number"):
        parse_value(specs["page_size"], "lots")
    with pytest.raises(ValueProblem, match="required"):
        parse_value(specs["url"], "  ")
    with pytest.raises(ValueProblem, match="unless you insist"):
        parse_value(specs["token"], SecretInput("plain", "x"))
    assert parse_value(specs["token"], SecretInput("plain", "x"), allow_plain=True) == "x"
    assert parse_value(specs["token"], SecretInput("env", " KEYS ")) == {"env": "KEYS"}
    with pytest.raises(ValueProblem, match="environment variable"):
        parse_value(specs["token"], SecretInput("env", "A=B"))


def test_the_strict_loader_errors_land_on_their_fields() -> None:
    inputs = {
        "url": "keys.acme.example",
        "user": "ada",
        "token": SecretInput("env", "KEYS"),
        "mode": "hybrid",
        "interval": "5",
    }
    _draft, errors = build_draft("keytracker", KeyTracker, "tracker", inputs, taken={"tracker"})
    assert errors["name"] == "a source named 'tracker' already exists"
    _draft, errors = build_draft("keytracker", KeyTracker, "keys", inputs)
    assert "http:// or https://" in errors["url"]
    assert "'hybrid' is not one of the allowed values" in errors["mode"]
    assert "below the minimum of 30" in errors["interval"]
    assert set(errors) == {"url", "mode", "interval"}
