"""The item-actions menu: every remote action a tracker item's source supports, in one place.

Opened with `.` from the radar and the standup board. It lists only what the
item's source can do and what makes sense now (see `ctotui.item_actions`);
each action has a letter too. Actions that need more ask in the same dialog: a
comment, a label to add or a login to ask for review (typed, with suggestions
from what the store has seen on that project or source), a label to remove
(the item's own), or a status to move to (fetched live from the tracker in a
worker, so the UI never waits). The chosen action is queued in the outbox,
shown at once on the item, and sent right away.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ctotui.adapters.base import AdapterContext
from ctotui.errors import AdapterError
from ctotui.item_actions import (
    VERB_BY_KIND,
    ItemVerb,
    Needs,
    applied_locally,
    my_login,
    offered_verbs,
    outbox_action,
    suggestions,
)
from ctotui.item_actions_live import transition_choices
from ctotui.model import ActionKind, WorkItem
from ctotui.sanitize import clean_line

if TYPE_CHECKING:
    from ctotui.app import CtoApp

LETTERS: dict[ActionKind, str] = {
    ActionKind.COMMENT: "c",
    ActionKind.ASSIGN_TO_ME: "a",
    ActionKind.UNASSIGN_ME: "u",
    ActionKind.TRANSITION: "s",
    ActionKind.CLOSE: "x",
    ActionKind.REOPEN: "o",
    ActionKind.ADD_LABEL: "l",
    ActionKind.REMOVE_LABEL: "L",
    ActionKind.REQUEST_REVIEW: "r",
}
SUGGESTED = frozenset({ActionKind.ADD_LABEL, ActionKind.REQUEST_REVIEW})


@dataclass(frozen=True, slots=True)
class ItemActionChoice:
    kind: ActionKind
    payload: str = ""


def _verb_binding(kind: ActionKind) -> Binding:
    verb = VERB_BY_KIND[kind]
    return Binding(
        LETTERS[kind],
        f"verb('{kind.value}')",
        verb.label.rstrip("…"),
        show=False,
        id=f"item_actions.{kind.value}",
        tooltip=f"{verb.label.rstrip('…')} (when the item's source supports it)",
    )


class ItemActionsScreen(ModalScreen[ItemActionChoice | None]):
    """Pick an action for one item, then what it needs; dismisses with the choice."""

    CSS_PATH = "item_actions.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "back", "Back", id="item_actions.back", tooltip="One step back, or close"
        ),
        *(_verb_binding(kind) for kind in LETTERS),
    ]

    def __init__(self, item: WorkItem, verbs: list[ItemVerb]) -> None:
        super().__init__()
        self.item = item
        self.verbs = verbs
        self.verb: ItemVerb | None = None
        """The verb whose input is asked for; None while the verb list is shown."""
        self.known: list[str] = []
        self._choice_values: list[str] = []

    @property
    def cto(self) -> CtoApp:
        return cast("CtoApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="item-actions"):
            title = Text(clean_line(self.item.key, 80), style="bold")
            title.append("  " + clean_line(self.item.title, 200))
            yield Static(title, id="item-actions-title")
            yield OptionList(
                *(
                    Option(Text(f"{LETTERS[v.kind]}  {v.label}"), id=v.kind.value)
                    for v in self.verbs
                ),
                id="item-actions-verbs",
            )
            yield Static(id="item-actions-prompt")
            yield Input(id="item-actions-input")
            yield OptionList(id="item-actions-choices")
            yield Static(id="item-actions-status")
            yield Static(
                Text("enter picks · letters act · escape goes back", style="dim"), classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one("#item-actions-verbs", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Letters work on the verb list only, and only for the verbs offered."""
        if action != "verb":
            return True
        if self.verb is not None or not parameters:
            return False
        return any(v.kind.value == parameters[0] for v in self.verbs)

    def action_verb(self, kind: str) -> None:
        verb = next((v for v in self.verbs if v.kind.value == kind), None)
        if verb is not None:
            self._start(verb)

    @on(OptionList.OptionSelected, "#item-actions-verbs")
    def _verb_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_verb(event.option.id or "")

    def _start(self, verb: ItemVerb) -> None:
        """Act at once, or ask for what the verb needs."""
        if verb.needs is Needs.NOTHING:
            self.dismiss(ItemActionChoice(verb.kind))
            return
        self.verb = verb
        self.refresh_bindings()
        self.query_one("#item-actions-verbs").display = False
        prompt = self.query_one("#item-actions-prompt", Static)
        prompt.update(Text(verb.prompt, style="bold"))
        prompt.display = True
        self._status("")
        if verb.needs is Needs.TEXT:
            self.known = self._known_values(verb.kind)
            entry = self.query_one("#item-actions-input", Input)
            entry.value = ""
            entry.placeholder = "type, enter sends" + (" · ↓ suggestions" if self.known else "")
            entry.display = True
            entry.focus()
            self._show_choices(suggestions("", self.known) if self.known else [])
        elif verb.kind is ActionKind.REMOVE_LABEL:
            self._show_choices(list(self.item.labels), focus=True)
        elif verb.kind is ActionKind.TRANSITION:
            self._status("Asking the tracker where this item can move…")
            self.run_worker(
                self._load_transitions(), group="item-actions", exclusive=True, exit_on_error=False
            )

    def _known_values(self, kind: ActionKind) -> list[str]:
        """Labels seen on the item's project, or people seen on its source (not the user)."""
        store = self.cto.store
        if kind is ActionKind.ADD_LABEL:
            current = {label.casefold() for label in self.item.labels}
            found = store.labels_in(self.item.source, self.item.container)
            return [label for label in found if label.casefold() not in current]
        if kind is ActionKind.REQUEST_REVIEW:
            me = source_login(self.cto, self.item.source)
            asked = {r.casefold() for r in self.item.reviewers}
            adapter = _adapter_name(self.cto, self.item.source)
            configured = [
                p.logins[adapter] for p in self.cto.config.people.values() if adapter in p.logins
            ]
            found = [*store.logins_in(self.item.source), *configured]
            skip = asked | {me.casefold(), self.item.author.casefold()}
            return [login for login in dict.fromkeys(found) if login.casefold() not in skip]
        return []

    async def _load_transitions(self) -> None:
        app = self.cto
        context = AdapterContext(clock=app.clock, people=app.config.people, me=app.config.me_person)
        try:
            names = await transition_choices(
                app.config, context, self.item.source, self.item.remote_id
            )
        except AdapterError as error:
            self._status(f"Could not load the statuses: {error.message}", error=True)
            return
        current = self.item.status.casefold()
        names = [n for n in names if n.casefold() != current]
        if not names:
            self._status("The tracker allows no status change for this item now.", error=True)
            return
        self._status("")
        self._show_choices(names, focus=True)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#item-actions-status", Static)
        status.update(Text(clean_line(text, 300), style="bold red" if error else "dim"))
        status.display = bool(text)

    def _show_choices(self, values: list[str], *, focus: bool = False) -> None:
        choices = self.query_one("#item-actions-choices", OptionList)
        choices.clear_options()
        choices.add_options(
            [Option(Text(clean_line(v, 120)), id=str(i)) for i, v in enumerate(values)]
        )
        choices.display = bool(values)
        self._choice_values = values
        if values:
            choices.highlighted = 0
            if focus:
                choices.focus()

    @on(Input.Changed, "#item-actions-input")
    def _typed(self, event: Input.Changed) -> None:
        if self.verb is not None and self.verb.kind in SUGGESTED:
            self._show_choices(suggestions(event.value, self.known))

    def on_key(self, event: Key) -> None:
        """↓ from the text field goes to the suggestions."""
        choices = self.query_one("#item-actions-choices", OptionList)
        in_text = self.focused is self.query_one("#item-actions-input")
        if event.key == "down" and in_text and choices.display and choices.option_count:
            choices.focus()
            event.stop()

    @on(Input.Submitted, "#item-actions-input")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if self.verb is None or not value:
            return
        if self.verb.kind in (ActionKind.ADD_LABEL, ActionKind.REQUEST_REVIEW) and " " in value:
            self._status("One word, please: labels and logins have no spaces here.", error=True)
            return
        self.dismiss(ItemActionChoice(self.verb.kind, value))

    @on(OptionList.OptionSelected, "#item-actions-choices")
    def _choice_selected(self, event: OptionList.OptionSelected) -> None:
        if self.verb is None:
            return
        index = int(event.option.id or 0)
        if 0 <= index < len(self._choice_values):
            self.dismiss(ItemActionChoice(self.verb.kind, self._choice_values[index]))

    def action_back(self) -> None:
        if self.verb is None:
            self.dismiss(None)
            return
        self.verb = None
        self.refresh_bindings()
        self.workers.cancel_group(self, "item-actions")
        for widget_id in ("prompt", "input", "choices", "status"):
            self.query_one(f"#item-actions-{widget_id}").display = False
        verbs = self.query_one("#item-actions-verbs", OptionList)
        verbs.display = True
        verbs.focus()


def _adapter_name(app: CtoApp, source: str) -> str:
    return next((s.adapter for s in app.config.sources if s.name == source), "")


def source_login(app: CtoApp, source: str) -> str:
    """The user's login on `source`: its `login` option, else the `[people]` login."""
    for configured in app.config.sources:
        if configured.name == source:
            option = configured.settings.get("login")
            if isinstance(option, str) and option:
                return option
            return my_login(app.config.me_person, configured.adapter)
    return ""


def item_verbs(app: CtoApp, item: WorkItem) -> list[ItemVerb]:
    """What the menu offers on `item`."""
    login = source_login(app, item.source)
    return offered_verbs(item, lambda kind: app.source_supports(item.source, kind), login)


def open_item_actions(app: CtoApp, item: WorkItem) -> None:
    """Show the menu for `item` (freshly read from the store), then queue the choice."""
    fresh = app.store.items_by_remote_ids(item.source, [item.remote_id])
    current = fresh[0] if fresh else item
    verbs = item_verbs(app, current)
    if not verbs:
        app.notify(
            f"{clean_line(current.source, 60)} offers no actions on {clean_line(current.key, 80)}.",
            title="Item actions",
        )
        return

    def chosen(choice: ItemActionChoice | None) -> None:
        if choice is not None:
            queue_item_action(app, current, choice.kind, choice.payload)

    app.push_screen(ItemActionsScreen(current, verbs), chosen)


def queue_item_action(app: CtoApp, item: WorkItem, kind: ActionKind, payload: str) -> None:
    """Queue the action in the outbox, show its effect at once, and send it now.

    A failure is retried by later syncs and shown in the outbox (`O`); the next
    sync replaces the optimistic change with the tracker's own state.
    """
    now = app.clock.now()
    app.store.enqueue(outbox_action(item, kind, payload, now))
    local = applied_locally(item, kind, payload, source_login(app, item.source), now)
    if local is not None:
        app.store.save_item_locally(local)
    app.changed()
    app.flush_outbox()
    what = VERB_BY_KIND[kind].label.rstrip("…")
    detail = f" {clean_line(payload, 60)!r}" if payload and kind is not ActionKind.COMMENT else ""
    app.notify(f"{what}{detail}: {clean_line(item.key, 80)}", title="Queued")
