"""Config loading: a valid file becomes typed settings; every mistake is reported with its key."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import ClassVar

import pytest

import ctotui.registry
from ctotui import paths
from ctotui.adapters.base import Adapter, FetchResult, OptionSpec, OptionType
from ctotui.config import Config, empty_config, load_config, resolve_settings
from ctotui.errors import AdapterError, SecretError
from ctotui.model import SourceKind
from ctotui.registry import AdapterNotFoundError
from ctotui.secrets import SecretRef

REPO = Path(__file__).resolve().parent.parent


class FakeMail(Adapter):
    name: ClassVar[str] = "fakemail"
    kinds: ClassVar[frozenset[SourceKind]] = frozenset({SourceKind.MAIL})
    options: ClassVar[tuple[OptionSpec, ...]] = (
        OptionSpec("host", OptionType.STRING, "the server's host name", required=True),
        OptionSpec("port", OptionType.INTEGER, "the server's port", default=993),
        OptionSpec("password", OptionType.STRING, "the password", required=True, secret=True),
        OptionSpec("folders", OptionType.STRING_LIST, "folders to read", default=["INBOX"]),
        OptionSpec(
            "mode", OptionType.STRING, "how to connect", default="tls", choices=("tls", "plain")
        ),
        OptionSpec("maildir", OptionType.PATH, "local copy", default="~/Mail"),
        OptionSpec("ratio", OptionType.FLOAT, "a tuning knob", default=0.5),
        OptionSpec("verify", OptionType.BOOLEAN, "check certificates", default=True),
    )

    async def fetch(self, cursor: str | None) -> FetchResult:
        return FetchResult(cursor=cursor)


class FakeTracker(Adapter):
    name: ClassVar[str] = "faketracker"
    kinds: ClassVar[frozenset[SourceKind]] = frozenset({SourceKind.TRACKER})
    options: ClassVar[tuple[OptionSpec, ...]] = (
        OptionSpec("base_url", OptionType.URL, "API root", default="https://api.example.com"),
        OptionSpec("token", OptionType.STRING, "API token", secret=True),
    )

    async def fetch(self, cursor: str | None) -> FetchResult:
        return FetchResult(cursor=cursor)


FAKES: dict[str, type[Adapter]] = {"fakemail": FakeMail, "faketracker": FakeTracker}


def fake_loader(name: str) -> type[Adapter]:
    if name in FAKES:
        return FAKES[name]
    raise AdapterNotFoundError(name, tuple(sorted(FAKES)))


def load(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, loader=fake_loader)


def only_problem(config: Config) -> str:
    assert len(config.problems) == 1, [str(p) for p in config.problems]
    return str(config.problems[0])


GOOD = """\
me = "cto"

[ui]
theme = "nord"

[[sources]]
name = "work-mail"
adapter = "fakemail"
interval = 120
host = "imap.example.com"
password = { env = "WORK_MAIL_PASSWORD" }
maildir = "~/Mail/work"

[[sources]]
name = "tracker"
adapter = "faketracker"
enabled = false

[[projects]]
name = "api"
sources = ["tracker"]
people = ["api-lead"]
description = "The API"
standup_days = ["Monday", "wed", "fri"]

[people.cto]
name = "The CTO"
emails = ["cto@acme.example"]

[people.api-lead]
name = "API lead"
emails = ["lead@acme.example"]
role = "backend"
vip = true
github = "acme-api-lead"
"""


def test_a_valid_file_gives_typed_settings_with_defaults(tmp_path: Path) -> None:
    config = load(tmp_path, GOOD)
    assert config.problems == ()
    assert config.ui.theme == "nord"
    mail, tracker = config.sources
    assert (mail.name, mail.adapter, mail.interval, mail.enabled) == (
        "work-mail",
        "fakemail",
        120,
        True,
    )
    assert mail.adapter_class is FakeMail
    assert mail.settings["host"] == "imap.example.com"
    assert mail.settings["port"] == 993
    assert mail.settings["folders"] == ("INBOX",)
    assert mail.settings["mode"] == "tls"
    assert mail.settings["maildir"] == str(Path("~/Mail/work").expanduser())
    assert mail.settings["password"] == SecretRef("env", "WORK_MAIL_PASSWORD")
    assert (tracker.interval, tracker.enabled) == (300, False)
    assert tracker.settings["base_url"] == "https://api.example.com"
    (project,) = config.projects
    assert project.sources == ("tracker",)
    assert project.people == ("api-lead",)
    assert project.standup_days == ("mon", "wed", "fri")
    lead = config.people["api-lead"]
    assert lead.logins == {"github": "acme-api-lead"}
    assert lead.vip and lead.role == "backend"
    assert lead.matches("ACME-API-LEAD")
    assert config.me_person is not None and config.me_person.name == "The CTO"


def test_settings_resolve_secrets_only_when_asked(tmp_path: Path) -> None:
    mail = load(tmp_path, GOOD).sources[0]
    settings = resolve_settings(mail, environ={"WORK_MAIL_PASSWORD": "hunter2-value"})
    assert settings["password"] == "hunter2-value"
    assert settings["host"] == "imap.example.com"
    with pytest.raises(SecretError, match="WORK_MAIL_PASSWORD"):
        resolve_settings(mail, environ={})


def test_toml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    config = load(tmp_path, 'me = "cto"\n[ui]\ntheme = \n')
    text = only_problem(config)
    assert config.problems[0].line == 3
    assert "line 3, column" in text
    assert config.sources == ()


def test_unknown_top_level_key_is_named_with_a_suggestion(tmp_path: Path) -> None:
    text = only_problem(load(tmp_path, "soruces = []\n"))
    assert "[soruces]" in text
    assert 'did you mean "sources"' in text


def test_unknown_source_option_lists_the_adapters_options_and_keeps_other_sources(
    tmp_path: Path,
) -> None:
    config = load(
        tmp_path,
        GOOD.replace('host = "imap.example.com"', 'host = "imap.example.com"\nprot = 1'),
    )
    text = only_problem(config)
    assert "[sources[0].prot]" in text
    assert 'did you mean "port"' in text
    for option in ("host", "port", "password", "folders", "mode"):
        assert option in config.problems[0].fix
    assert config.problems[0].line == 11
    assert [s.name for s in config.sources] == ["tracker"]


def test_wrong_type_says_expected_and_got(tmp_path: Path) -> None:
    config = load(tmp_path, GOOD.replace("interval = 120", 'interval = 120\nport = "993"'))
    text = only_problem(config)
    assert "[sources[0].port]" in text
    assert "expected an integer, got a string" in text


def test_missing_required_option_points_at_its_source(tmp_path: Path) -> None:
    config = load(tmp_path, GOOD.replace('host = "imap.example.com"\n', ""))
    text = only_problem(config)
    assert "[sources[0].host]" in text
    assert "missing required option 'host'" in text
    assert config.problems[0].line == 6


def test_unknown_adapter_lists_the_installed_ones(tmp_path: Path) -> None:
    config = load(tmp_path, GOOD.replace('adapter = "faketracker"', 'adapter = "jirra"'))
    text = only_problem(config)
    assert "[sources[1].adapter]" in text
    assert "'jirra'" in text
    assert "fakemail, faketracker" in text
    assert [s.name for s in config.sources] == ["work-mail"]
    # The project naming the broken source is not a second problem.
    assert config.projects[0].sources == ("tracker",)


def test_default_loader_is_the_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def registry_load(name: str) -> type[Adapter]:
        if name == "faketracker":
            return FakeTracker
        raise AdapterError(f"the package for {name!r} failed: ImportError: boom")

    monkeypatch.setattr(ctotui.registry, "load_adapter", registry_load)
    path = tmp_path / "config.toml"
    path.write_text(
        '[[sources]]\nname = "t"\nadapter = "faketracker"\n'
        '[[sources]]\nname = "b"\nadapter = "broken"\n'
    )
    config = load_config(path)
    assert [s.name for s in config.sources] == ["t"]
    text = only_problem(config)
    assert "[sources[1].adapter]" in text and "ImportError: boom" in text


def test_duplicate_source_name(tmp_path: Path) -> None:
    config = load(tmp_path, GOOD.replace('name = "tracker"', 'name = "work-mail"'))
    messages = [str(p) for p in config.problems]
    assert any(
        "[sources[1].name]" in m and "duplicate source name 'work-mail'" in m for m in messages
    )
    assert [s.name for s in config.sources] == ["work-mail"]


def test_project_naming_unknown_source_and_person(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        GOOD.replace('sources = ["tracker"]', 'sources = ["tracker", "gh"]').replace(
            'people = ["api-lead"]', 'people = ["api-lead", "ghost"]'
        ),
    )
    messages = [str(p) for p in config.problems]
    assert len(messages) == 2
    assert "[projects[0].sources]" in messages[0] and "unknown source 'gh'" in messages[0]
    assert "[projects[0].people]" in messages[1] and "unknown person 'ghost'" in messages[1]
    assert config.projects[0].sources == ("tracker",)
    assert config.projects[0].people == ("api-lead",)


def test_me_naming_unknown_person(tmp_path: Path) -> None:
    config = load(tmp_path, GOOD.replace('me = "cto"', 'me = "ceo"'))
    text = only_problem(config)
    assert "[me]" in text and "'ceo'" in text
    assert "[people.ceo]" in config.problems[0].fix
    assert config.me_person is None


def test_bad_secret_shape(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        GOOD.replace(
            'password = { env = "WORK_MAIL_PASSWORD" }',
            'password = { env = "X", command = "pass show x" }',
        ),
    )
    text = only_problem(config)
    assert "[sources[0].password]" in text
    assert "both 'env' and 'command'" in text


def test_choices_violation_lists_the_allowed_values(tmp_path: Path) -> None:
    config = load(tmp_path, GOOD.replace("interval = 120", 'interval = 120\nmode = "ssl"'))
    text = only_problem(config)
    assert "[sources[0].mode]" in text
    assert "Use one of: tls, plain" in text


def test_interval_below_minimum(tmp_path: Path) -> None:
    config = load(tmp_path, GOOD.replace("interval = 120", "interval = 5"))
    text = only_problem(config)
    assert "[sources[0].interval]" in text
    assert "minimum of 30 seconds" in text


def test_url_and_string_list_types(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        GOOD.replace("enabled = false", 'enabled = false\nbase_url = "api.example.com"').replace(
            "interval = 120", 'interval = 120\nfolders = "INBOX"'
        ),
    )
    messages = [str(p) for p in config.problems]
    assert len(messages) == 2
    assert "[sources[0].folders]" in messages[0] and "array of strings" in messages[0]
    assert "[sources[1].base_url]" in messages[1] and "http:// or https://" in messages[1]


def test_missing_file_is_a_problem_unless_allowed(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    config = load_config(path, loader=fake_loader)
    assert "does not exist" in only_problem(config)
    assert str(path) in str(config.problems[0])
    allowed = load_config(path, missing_ok=True, loader=fake_loader)
    assert allowed.problems == () and allowed.sources == () and allowed.path == path


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'me = "cto"\ntheme = "caf\xe9"\n')
    config = load_config(path, loader=fake_loader)
    text = only_problem(config)
    assert "not UTF-8" in text
    assert config.problems[0].line == 2


def test_every_problem_is_collected_top_to_bottom(tmp_path: Path) -> None:
    bad = (
        GOOD.replace('me = "cto"', 'me = "nobody"\ncolour = "red"')
        .replace("interval = 120", "interval = 1")
        .replace('role = "backend"', "role = 3")
    )
    config = load(tmp_path, bad)
    keys = [p.key for p in config.problems]
    assert keys == ["me", "colour", "sources[0].interval", "people.api-lead.role"]
    assert [p.line for p in config.problems] == [1, 2, 10, 34]


def test_empty_config_has_nothing_and_no_problems() -> None:
    config = empty_config()
    assert (config.path, config.sources, config.problems, config.me_person) == (None, (), (), None)
    assert config.ui.theme == "textual-dark"


def test_paths_follow_flag_then_environment_then_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTOTUI_CONFIG", str(tmp_path / "env.toml"))
    monkeypatch.setenv("CTOTUI_DATA_DIR", "~/ctotui-data")
    assert paths.config_path("~/flag.toml") == Path.home() / "flag.toml"
    assert paths.config_path(None) == tmp_path / "env.toml"
    assert paths.data_dir(None) == Path.home() / "ctotui-data"
    monkeypatch.delenv("CTOTUI_CONFIG")
    monkeypatch.delenv("CTOTUI_DATA_DIR")
    assert paths.config_path(None).name == "config.toml"
    assert "ctotui" in paths.config_path(None).parts
    assert "ctotui" in paths.data_dir(None).parts
    assert paths.store_path(tmp_path) == tmp_path / "ctotui.db"


def test_a_plugin_adapter_validates_through_the_real_registry(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[sources]]\nname = "hello"\nadapter = "echo"\ngreeting = "Hi there"\n')
    config = load_config(path)
    assert config.problems == ()
    assert config.sources[0].settings == {"greeting": "Hi there"}
    missing = tmp_path / "missing.toml"
    missing.write_text('[[sources]]\nname = "hello"\nadapter = "echo"\n')
    assert "missing required option 'greeting'" in only_problem(load_config(missing))


def _demo_importable() -> bool:
    try:
        importlib.import_module("ctotui.adapters.demo")
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _demo_importable(), reason="the demo adapter is not written yet")
def test_the_example_config_is_valid() -> None:
    config = load_config(REPO / "config" / "example.toml")
    assert [str(p) for p in config.problems] == []
    assert [s.adapter for s in config.sources] == ["demo"]
    assert config.me_person is not None
