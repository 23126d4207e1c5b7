"""settings.toml: laid over the config, checked like it, written atomically, config untouched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ctotui.config import load_config
from ctotui.settings_file import current_settings, save_settings, settings_path

CONFIG = """\
# My own config: comments and order must survive.
me = "lead"

[ui]
theme = "nord"  # a comment after a value

[ui.keys]
"app.sync" = "ctrl+r"

[people.lead]
name = "Lee"
emails = ["lee@acme.example"]

[[sources]]
name = "demo"
adapter = "demo"
interval = 300

[[projects]]
name = "api"
sources = ["demo"]

[triage]
vips = ["boss@acme.example"]
keywords = ["contract"]
"""


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def write_settings(config_path: Path, text: str) -> None:
    settings_path(config_path).write_text(text, encoding="utf-8")


def test_without_settings_the_config_is_read_as_written(config_path: Path) -> None:
    config = load_config(config_path)
    assert not config.problems
    assert config.ui.theme == "nord"
    assert config.triage.vips == ("boss@acme.example",)


def test_settings_win_over_the_config_for_the_keys_they_hold(config_path: Path) -> None:
    write_settings(
        config_path,
        """
[ui]
theme = "gruvbox"
[ui.keys]
"inbox.done" = "e"
[triage]
vips = ["lead", "client@northwind.example"]
[projects.api]
standup_days = ["mon", "wed"]
holidays = [2026-12-25]
[sources.demo]
interval = 900
""",
    )
    config = load_config(config_path)
    assert not config.problems
    assert config.ui.theme == "gruvbox"
    # Keys merge: the config's own binding stays, the new one is added.
    assert dict(config.ui.keys) == {"app.sync": "ctrl+r", "inbox.done": "e"}
    assert config.triage.vips == ("lead", "client@northwind.example")
    assert config.triage.keywords == ("contract",)
    project = config.projects[0]
    assert project.standup_days == ("mon", "wed")
    assert project.holidays == (dt.date(2026, 12, 25),)
    assert config.sources[0].interval == 900


def test_a_bad_setting_is_reported_on_settings_toml_and_the_config_value_kept(
    config_path: Path,
) -> None:
    write_settings(
        config_path,
        """
[triage]
team_domains = ["not a domain"]
[sources.demo]
interval = 5
[sources.missing]
interval = 600
[colour]
x = 1
""",
    )
    config = load_config(config_path)
    files = {Path(p.file).name for p in config.problems}
    assert files == {"settings.toml"}
    texts = " | ".join(p.text for p in config.problems)
    assert "'not a domain' is not a domain name" in texts
    assert "below the minimum of 30 seconds" in texts
    assert "no source named 'missing'" in texts
    assert "unknown key 'colour'" in texts
    # The rejected values do not apply; the config's stay.
    assert config.sources[0].interval == 300
    assert config.triage.team_domains == ()
    interval_problem = next(p for p in config.problems if "minimum" in p.text)
    assert interval_problem.line == 5


def test_broken_toml_in_settings_is_one_clear_problem(config_path: Path) -> None:
    write_settings(config_path, "[ui\ntheme = 'x'\n")
    config = load_config(config_path)
    assert len(config.problems) == 1
    assert "invalid TOML" in config.problems[0].text
    assert config.ui.theme == "nord"


def test_saving_is_atomic_and_leaves_the_config_byte_for_byte(config_path: Path) -> None:
    before = config_path.read_bytes()
    settings = current_settings(config_path)
    settings.setdefault("ui", {})["theme"] = "dracula"
    settings["projects"] = {"api": {"holidays": [dt.date(2027, 1, 1)]}}
    save_settings(settings_path(config_path), settings)
    assert config_path.read_bytes() == before
    assert not list(config_path.parent.glob(".settings-*"))
    text = settings_path(config_path).read_text()
    assert "holidays = [\n    2027-01-01,\n]" in text or "holidays = [2027-01-01]" in text
    config = load_config(config_path)
    assert config.ui.theme == "dracula"
    assert config.projects[0].holidays == (dt.date(2027, 1, 1),)
    assert current_settings(config_path) == settings


def test_a_symlinked_settings_file_stays_a_link_and_keeps_its_mode(
    config_path: Path, tmp_path: Path
) -> None:
    """A dotfiles setup links settings.toml; saving must not replace the link by a file."""
    real = tmp_path / "dotfiles" / "ctotui-settings.toml"
    real.parent.mkdir()
    real.write_text('[ui]\ntheme = "nord"\n', encoding="utf-8")
    real.chmod(0o640)
    link = settings_path(config_path)
    link.symlink_to(real)
    save_settings(link, {"ui": {"theme": "dracula"}})
    assert link.is_symlink()
    assert link.resolve() == real.resolve()
    assert 'theme = "dracula"' in real.read_text()
    assert real.stat().st_mode & 0o777 == 0o640
    assert load_config(config_path).ui.theme == "dracula"


def test_empty_tables_are_not_written(config_path: Path) -> None:
    save_settings(settings_path(config_path), {"ui": {"keys": {}}, "triage": {"vips": []}})
    text = settings_path(config_path).read_text()
    assert "[ui" not in text
    assert "vips = []" in text


def test_settings_apply_without_a_config_file(tmp_path: Path) -> None:
    """A user with no config yet can still pick a theme and keys in the app."""
    config_path = tmp_path / "config.toml"
    write_settings(config_path, '[ui]\ntheme = "nord"\n')
    config = load_config(config_path, missing_ok=True)
    assert not config.problems
    assert config.ui.theme == "nord"


def test_doctor_names_the_settings_file_and_its_problems(config_path: Path, tmp_path: Path) -> None:
    from ctotui.doctor import run_doctor

    write_settings(config_path, "[sources.demo]\ninterval = 1\n")
    report, code = run_doctor(load_config(config_path), data_dir=tmp_path, check_secrets=False)
    overrides = str(settings_path(config_path))
    assert f"{overrides} (Settings screen changes; they win over the config)" in report
    assert f"{overrides}:2 [sources.demo.interval]" in report
    assert code != 0
