"""The `ctotui init` form: fields from the adapter's declarations, checks, test, write."""

from __future__ import annotations

from pathlib import Path

import pytest
from init_adapter import GOOD_TOKEN, KeyTracker, loader
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Select, Static, Switch

from ctotui.adapters.base import OptionSpec, OptionType
from ctotui.clock import FixedClock
from ctotui.config import load_config
from ctotui.config_write_input import AdapterChoice, adapter_choices
from ctotui.screens.init import InitApp
from ctotui.screens.init_form import SourceFormScreen


def shown(app: InitApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


def make_app(path: Path, clock: FixedClock) -> InitApp:
    choices = [
        *adapter_choices(names=["echo"]),
        AdapterChoice("keytracker", "Issues from the Key tracker.", KeyTracker),
        AdapterChoice("broken", "", None, "the module could not be imported"),
    ]
    return InitApp(path, clock=clock, choices=choices)


async def open_form(app: InitApp, pilot: Pilot[None], row: int = 1) -> SourceFormScreen:
    await pilot.pause()
    app.screen.query_one(OptionList).highlighted = row
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, SourceFormScreen)
    return app.screen


async def type_into(pilot: Pilot[None], field: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#field-{field}", Input)
    widget.focus()
    await pilot.press("ctrl+u", *text)


async def settle(app: InitApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_picker_lists_adapters_with_their_descriptions(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = make_app(tmp_path / "config.toml", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = "\n".join(
            str(app.screen.query_one(OptionList).get_option_at_index(i).prompt) for i in range(3)
        )
        assert "echo        One work item titled with a greeting (example plugin)." in text
        assert "keytracker  Issues from the Key tracker." in text
        assert "broken      cannot be used: the module could not be imported" in text
        assert "(a new file)" in shown(app)
        await pilot.press("w")
        await pilot.pause()
        assert any("Add a source first" in n.message for n in app._notifications)


async def test_fields_come_from_the_declared_options_required_first(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = make_app(tmp_path / "config.toml", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot)
        labels = [str(label.render()) for label in form.query(".field-label").results(Label)]
        assert labels == [
            "name *",
            "url *",
            "user *",
            "token *",
            "mode",
            "labels",
            "verify",
            "page_size",
            "interval",
        ]
        assert form.query_one("#field-name", Input).value == "keytracker"
        assert form.query_one("#field-verify", Switch).value is True
        assert form.query_one("#field-mode", Select).value == "cloud"
        assert form.query_one("#kind-token", Select).value == "env"
        assert form.query_one("#field-page_size", Input).placeholder == "50"
        help_text = shown(app)
        assert "The tracker's address." in help_text
        assert "Labels that mark an item blocked. Comma-separated;" in help_text
        assert "Default: blocked." in help_text


async def test_errors_are_shown_on_their_fields(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path / "config.toml", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot)
        await type_into(pilot, "url", "keys.acme.example")
        await type_into(pilot, "page_size", "lots")
        await pilot.press("ctrl+s")
        await pilot.pause()
        url_error = str(form.query_one("#error-url", Static).render())
        assert "a URL must start with http:// or https://" in url_error
        assert "'lots' is not a whole number" in str(form.query_one("#error-page_size").render())
        assert str(form.query_one("#error-user", Static).render()) == "required"
        assert form.query_one("#row-url").has_class("-invalid")
        assert not form.query_one("#error-verify").display
        assert app.focused is form.query_one("#field-url")
        assert "Fix the fields marked in red." in str(form.query_one("#form-result").render())
        assert isinstance(app.screen, SourceFormScreen)


async def test_plain_text_secrets_show_a_warning(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path / "config.toml", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot)
        warning = form.query_one("#warn-token")
        assert not warning.display
        form.query_one("#kind-token", Select).value = "plain"
        await pilot.pause()
        assert warning.display
        assert "written to the config file as plain text" in str(warning.render())
        assert form.query_one("#field-token", Input).password


async def test_connection_result_is_shown_before_anything_is_written(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("KEYS_TOKEN", "wrong")
    app = make_app(path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot)
        await type_into(pilot, "url", "https://keys.acme.example")
        await type_into(pilot, "user", "ada")
        await type_into(pilot, "token", "KEYS_TOKEN")
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        result = str(form.query_one("#form-result").render())
        assert "✘ Connection failed: https://keys.acme.example answered 401" in result
        monkeypatch.setenv("KEYS_TOKEN", GOOD_TOKEN)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        result = str(form.query_one("#form-result").render())
        assert "✔ Connection works: login accepted for ada; scopes read, write." in result
        assert GOOD_TOKEN not in shown(app)
        assert not path.exists()


async def test_a_failed_test_asks_before_the_source_is_added(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KEYS_TOKEN", raising=False)
    app = make_app(tmp_path / "config.toml", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot)
        await type_into(pilot, "url", "https://keys.acme.example")
        await type_into(pilot, "user", "ada")
        await type_into(pilot, "token", "KEYS_TOKEN")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        result = str(form.query_one("#form-result").render())
        assert "the environment variable KEYS_TOKEN is not set" in result
        assert "Press ctrl+s again to add it anyway." in result
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SourceFormScreen)
        assert "keytracker (keytracker): Connection failed: source 'keytracker'" in shown(app)
        await pilot.press("q")
        await pilot.pause()
        assert any("1 source(s) not written yet" in n.message for n in app._notifications)
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.written is None
    assert not (tmp_path / "config.toml").exists()


async def test_the_whole_flow_writes_a_valid_config(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("KEYS_TOKEN", GOOD_TOKEN)
    app = make_app(path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(app, pilot)
        await type_into(pilot, "name", "keys")
        await type_into(pilot, "url", "https://keys.acme.example")
        await type_into(pilot, "user", "ada")
        await type_into(pilot, "token", "KEYS_TOKEN")
        await type_into(pilot, "labels", "blocked, on hold")
        app.screen.query_one("#field-verify", Switch).value = False
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "keys (keytracker): Connection works: login accepted for ada" in shown(app)
        await open_form(app, pilot, row=0)
        await type_into(pilot, "greeting", "Hello")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        question = shown(app)
        assert f"Write a new config file {path}?" in question
        assert "+labels = [" in question and '+token = { env = "KEYS_TOKEN" }' in question
        assert not path.exists()
        await pilot.press("y")
        await pilot.pause()
    assert app.written is not None and f"Wrote {path}" in app.written
    config = load_config(path, loader=loader)
    assert config.problems == ()
    keys, echo = config.sources
    assert (keys.name, keys.settings["labels"], keys.settings["verify"]) == (
        "keys",
        ("blocked", "on hold"),
        False,
    )
    assert (echo.name, echo.settings["greeting"]) == ("echo", "Hello")


async def test_appending_keeps_a_commented_file_byte_for_byte(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    original = (
        b"# hand-written; keep my comments\n"
        b'[ui]\ntheme = "nord"   # the theme I like\n\n'
        b'[[sources]]\nname = "echo"\nadapter = "echo"\ngreeting = "Hi"  # first\n'
    )
    path.write_bytes(original)
    monkeypatch.setattr("ctotui.registry.load_adapter", loader)
    app = make_app(path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "(has 1 source(s); new ones are appended)" in shown(app)
        form = await open_form(app, pilot, row=0)
        assert form.query_one("#field-name", Input).value == "echo-2"
        await type_into(pilot, "greeting", "Hello again")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        question = shown(app)
        assert "Append 1 source(s) to" in question and "a backup goes to" in question
        assert '+greeting = "Hello again"' in question
        await pilot.press("y")
        await pilot.pause()
    written = path.read_bytes()
    assert written.startswith(original)
    assert b'name = "echo-2"' in written[len(original) :]
    (backup,) = tmp_path.glob("config.toml.*.bak")
    assert backup.read_bytes() == original
    assert load_config(path).problems == ()


class OddNames(KeyTracker):
    """A plugin whose option names are not plain identifiers."""

    options = (
        OptionSpec("api.key", OptionType.STRING, "A dotted name.", required=True),
        OptionSpec("2fa", OptionType.BOOLEAN, "Starts with a digit."),
    )

    async def probe(self) -> str:
        return f"key {self.settings['api.key']} accepted"


async def test_any_declared_option_name_gets_a_field(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "config.toml"
    app = InitApp(path, clock=clock, choices=[AdapterChoice("odd", "Odd names.", OddNames)])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, row=0)
        inputs = [w for w in form.query(Input) if w.id != "field-name"]
        inputs[0].focus()
        await pilot.press(*"k-1")
        form.query_one(Switch).value = True
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "odd (odd): Connection works: key k-1 accepted." in shown(app)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    text = path.read_text()
    assert '"api.key" = "k-1"' in text and "2fa = true" in text


async def test_a_config_that_cannot_take_sources_is_explained_not_touched(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('me = "ada\n')
    app = make_app(path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(app, pilot, row=0)
        await type_into(pilot, "greeting", "Hello")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        assert f"Cannot write {path}:" in shown(app) and "is not valid TOML" in shown(app)
        await pilot.press("y")
        await pilot.press("n")
        await pilot.pause()
        assert "echo (echo):" in shown(app)
    assert path.read_text() == 'me = "ada\n'
    assert list(tmp_path.iterdir()) == [path]


async def test_the_form_fits_at_80x24_and_a_secret_command_is_readable(
    tmp_path: Path, clock: FixedClock
) -> None:
    """Every label is whole on screen, the focused field's help is in view, and a
    `pass show ...` command fits the secret field without scrolling sideways."""
    app = InitApp(tmp_path / "config.toml", clock=clock, choices=adapter_choices(names=["imap"]))
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, row=0)
        view = form.query_one("#form-fields").region
        assert view.height >= 10
        rows = list(form.query(".field"))
        assert len(rows) > 5
        for row in rows:
            control = next(w for w in row.query("Input, Select, Switch") if w.focusable)
            control.focus()
            await pilot.pause()
            label = row.query_one(".field-label", Label)
            text = str(label.render())
            help_ = row.query_one(".field-help", Static)
            for widget in (label, help_, control):
                region = widget.region
                assert region.width > 0, f"{row.id}: {widget} is not shown"
                assert view.x <= region.x and region.right <= view.right, f"{row.id}: {widget}"
                assert view.y <= region.y and region.bottom <= view.bottom, f"{row.id}: {widget}"
            assert label.region.width * label.region.height >= len(text), f"{text} is cut"
        secret = form.query_one("#field-password", Input)
        secret.focus()
        await pilot.press("ctrl+u", *"pass show mail/work")
        await pilot.pause()
        assert secret.content_region.width > len("pass show mail/work")
        assert secret.scroll_x == 0  # all of it in view, nothing scrolled off
