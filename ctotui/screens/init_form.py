"""One new source's settings, as a form built from its adapter's option declarations.

No code here knows any adapter: each `OptionSpec` becomes a row (label, a
type-aware input, the help text beside it, an error line under it), required
options first. Secrets are asked as a reference (a variable name or a command);
plain text is a choice the user makes on purpose and then sees warned about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static, Switch
from textual.worker import get_current_worker

from ctotui.adapters.base import Adapter, OptionSpec, OptionType
from ctotui.config_write import SourceDraft
from ctotui.config_write_check import CheckResult, check_connection
from ctotui.config_write_input import (
    LIST_HINT,
    PLAIN_WARNING,
    REFERENCE_KINDS,
    RawValue,
    SecretInput,
    build_draft,
    default_text,
    form_options,
)
from ctotui.sanitize import clean_line, clean_text

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_LABELS = {"env": "env var", "plain": "plain text!"}
SECRET_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (_LABELS.get(kind, kind), kind) for kind in (*REFERENCE_KINDS, "plain")
)
_PLACEHOLDERS = {
    "env": "VARIABLE_NAME",
    "command": "pass show mail/work",
    "keyring": "SERVICE/USER",
    "plain": "the secret itself",
}


@dataclass(frozen=True)
class PendingSource:
    """A source the user added in the form, with its connection test result."""

    draft: SourceDraft
    adapter_class: type[Adapter]
    result: CheckResult | None


def _wid(option: str) -> str:
    """A widget id for an option name (declared by a plugin, so maybe not a valid id)."""
    if _ID.fullmatch(option):
        return option
    return "x" + option.encode().hex()


def _kind(value: object) -> str:
    """The secret kind a Select holds ("env" when it holds nothing)."""
    return next((kind for _label, kind in SECRET_CHOICES if kind == value), "env")


def _hint(spec: OptionSpec) -> str:
    """The help text with what the field takes (its default, its choices, commas)."""
    parts = [clean_text(spec.help, 400)]
    if spec.type is OptionType.STRING_LIST:
        parts.append(LIST_HINT)
    if spec.choices and spec.type is OptionType.STRING_LIST:
        parts.append("Any of: " + ", ".join(clean_line(c, 40) for c in spec.choices) + ".")
    if default_text(spec) and not spec.secret:
        parts.append(f"Default: {clean_line(default_text(spec), 120)}.")
    return " ".join(part for part in parts if part)


class SourceFormScreen(Screen[PendingSource | None]):
    """The fields of one adapter; dismisses with the added source, or None on cancel."""

    HORIZONTAL_BREAKPOINTS = [(0, "-init-narrow"), (76, "-init-wide")]
    BINDINGS = [
        Binding(
            "ctrl+t",
            "test",
            "Test connection",
            id="init.test",
            tooltip="Run the adapter's connection check with these settings; nothing is written",
        ),
        Binding(
            "ctrl+s",
            "add",
            "Add source",
            id="init.add",
            tooltip="Check the fields, test the connection, and add the source to the list",
        ),
        Binding(
            "escape",
            "cancel",
            "Back",
            id="init.cancel",
            tooltip="Leave this form without adding the source",
        ),
    ]

    def __init__(
        self, adapter: str, adapter_class: type[Adapter], name: str, taken: set[str]
    ) -> None:
        super().__init__()
        self.adapter = adapter
        self.adapter_class = adapter_class
        self.suggested = name
        self.taken = taken
        self.specs = form_options(adapter_class)
        self.result: CheckResult | None = None
        self._tested: SourceDraft | None = None
        self._add_after_test = False

    def compose(self) -> ComposeResult:
        title = Text(f"New {clean_line(self.adapter, 40)} source", style="bold")
        yield Static(title, id="form-title")
        with VerticalScroll(id="form-fields"):
            yield from self._row(
                "name",
                Text("name *"),
                Input(value=self.suggested, id="field-name", compact=True),
                "A unique name for this source, shown in the app.",
            )
            for spec in self.specs:
                label = Text(clean_line(spec.name, 40) + (" *" if spec.required else ""))
                yield from self._row(spec.name, label, self._control(spec), _hint(spec))
        yield Static(id="form-result")
        with Horizontal(id="form-buttons"):
            yield Button("Test connection (^T)", id="form-test", compact=True)
            yield Button("Add source (^S)", id="form-add", variant="primary", compact=True)
            yield Button("Back (Esc)", id="form-cancel", compact=True)
        yield Footer()

    def _row(self, key: str, label: Text, control: Widget, hint: str) -> ComposeResult:
        with Vertical(classes="field", id=f"row-{_wid(key)}"):
            with Horizontal(classes="field-line"):
                yield Label(label, classes="field-label")
                yield control
                yield Static(Text(hint), classes="field-help")
            yield Static(id=f"error-{_wid(key)}", classes="field-error")
            if key in self._secret_names():
                yield Static(Text(PLAIN_WARNING), id=f"warn-{_wid(key)}", classes="field-warning")

    def _secret_names(self) -> set[str]:
        return {spec.name for spec in self.specs if spec.secret}

    def _control(self, spec: OptionSpec) -> Widget:
        if spec.secret:
            kind: Select[str] = Select(
                SECRET_CHOICES,
                value="env",
                allow_blank=False,
                id=f"kind-{_wid(spec.name)}",
                compact=True,
            )
            secret = Input(
                placeholder=_PLACEHOLDERS["env"], id=f"field-{_wid(spec.name)}", compact=True
            )
            return Horizontal(kind, secret, classes="field-secret")
        if spec.type is OptionType.BOOLEAN:
            return Switch(value=bool(spec.default), id=f"field-{_wid(spec.name)}")
        if spec.choices and spec.type is not OptionType.STRING_LIST:
            options = [(Text(clean_line(choice, 60)), choice) for choice in spec.choices]
            default = spec.default if spec.default in spec.choices else Select.NULL
            return Select(
                options,
                value=default,
                allow_blank=not spec.required,
                prompt="(default)",
                id=f"field-{_wid(spec.name)}",
                compact=True,
            )
        placeholder = default_text(spec) or ("required" if spec.required else "")
        return Input(
            placeholder=clean_line(placeholder, 80), id=f"field-{_wid(spec.name)}", compact=True
        )

    def on_mount(self) -> None:
        for name in self._secret_names():
            self.query_one(f"#warn-{_wid(name)}").display = False
        self.query_one("#field-name", Input).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Bring the focused field's whole row into view: its help below it too, at 80x24."""
        for row in event.widget.ancestors:
            if isinstance(row, Widget) and row.has_class("field"):
                row.scroll_visible(animate=False)
                return

    @on(Select.Changed)
    def _kind_changed(self, event: Select.Changed) -> None:
        """Choosing plain text shows the warning; the placeholder says what to type."""
        widget_id = event.select.id or ""
        if not widget_id.startswith("kind-"):
            return
        name = widget_id.removeprefix("kind-")
        kind = _kind(event.value)
        field = self.query_one(f"#field-{name}", Input)
        field.placeholder = _PLACEHOLDERS.get(kind, "")
        field.password = kind == "plain"
        self.query_one(f"#warn-{name}").display = kind == "plain"

    def _inputs(self) -> tuple[str, dict[str, RawValue], bool]:
        """The name, each field's raw value, and whether a plain-text secret was chosen."""
        values: dict[str, RawValue] = {}
        plain = False
        for spec in self.specs:
            if spec.secret:
                kind = _kind(self.query_one(f"#kind-{_wid(spec.name)}", Select).value)
                text = self.query_one(f"#field-{_wid(spec.name)}", Input).value
                plain = plain or (kind == "plain" and bool(text.strip()))
                values[spec.name] = SecretInput(kind, text)
                continue
            widget = self.query_one(f"#field-{_wid(spec.name)}")
            if isinstance(widget, Switch):
                values[spec.name] = widget.value
            elif isinstance(widget, Select):
                values[spec.name] = None if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input):
                values[spec.name] = widget.value
        return self.query_one("#field-name", Input).value, values, plain

    def _validated(self) -> SourceDraft | None:
        """The draft when every field is valid; else each error is shown on its field."""
        name, values, plain = self._inputs()
        draft, errors = build_draft(
            self.adapter,
            self.adapter_class,
            name,
            values,
            allow_plain=plain,
            taken=self.taken,
        )
        field_keys = ("name", *(spec.name for spec in self.specs))
        for key in field_keys:
            text = errors.get(key, "")
            error = self.query_one(f"#error-{_wid(key)}", Static)
            error.update(Text(clean_text(text, 400)))
            error.display = bool(text)
            self.query_one(f"#row-{_wid(key)}").set_class(bool(text), "-invalid")
        if not errors:
            return draft
        other = " ".join(f"{k}: {v}" for k, v in errors.items() if k not in field_keys)
        message = "Fix the fields marked in red." + (f" {other}" if other else "")
        self._show(Text(clean_text(message, 600), style="bold red"))
        first = next((key for key in field_keys if key in errors), None)
        if first is not None:
            self.query_one(f"#row-{_wid(first)}").scroll_visible()
            self.query_one(f"#field-{_wid(first)}").focus()
        return None

    def _show(self, text: Text) -> None:
        self.query_one("#form-result", Static).update(text)

    def action_test(self) -> None:
        draft = self._validated()
        if draft is not None:
            self._add_after_test = False
            self._start_test(draft)

    def action_add(self) -> None:
        draft = self._validated()
        if draft is None:
            return
        if draft == self._tested and self.result is not None:
            self.dismiss(PendingSource(draft, self.adapter_class, self.result))
            return
        self._add_after_test = True
        self._start_test(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _start_test(self, draft: SourceDraft) -> None:
        self._show(Text("Testing the connection…", style="italic"))
        self._probe(draft)

    @work(thread=True, exclusive=True, group="init-probe")
    def _probe(self, draft: SourceDraft) -> None:
        result = check_connection(draft, self.adapter_class)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._tested_with, draft, result)

    def _tested_with(self, draft: SourceDraft, result: CheckResult) -> None:
        if self.app.screen is not self:
            return  # the form was left while the check ran
        self._tested, self.result = draft, result
        mark, style = ("✔", "bold green") if result.ok else ("✘", "bold red")
        text = Text(f"{mark} {clean_text(result.text, 600)}", style=style)
        if self._add_after_test and result.ok:
            self.dismiss(PendingSource(draft, self.adapter_class, result))
            return
        if self._add_after_test:
            text.append("\nPress ctrl+s again to add it anyway.", style="")
        self._add_after_test = False
        self._show(text)

    @on(Input.Submitted)
    def _next_field(self) -> None:
        """Enter in a field moves on, as tab does."""
        self.focus_next()

    @on(Button.Pressed, "#form-test")
    def _test_pressed(self) -> None:
        self.action_test()

    @on(Button.Pressed, "#form-add")
    def _add_pressed(self) -> None:
        self.action_add()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
