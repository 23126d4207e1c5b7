"""Small dialogs of the inbox: snooze picker, confirmation, chat reply, send or save.

Each returns its answer through `dismiss`, so the inbox applies the verb in
one place. Text from messages reaches these only as `rich.text.Text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option

from ctotui.humanize import when
from ctotui.snooze import later_today, next_week, parse_when, tomorrow_morning

CSS_PATH = "inbox_modals.tcss"
SEND = "send"
DRAFT = "draft"


@dataclass(frozen=True, slots=True)
class SnoozeChoice:
    until: datetime
    unless_reply: bool


def _cancel_binding(owner: str) -> Binding:
    return Binding("escape", "cancel", "Cancel", id=f"inbox.{owner}.cancel", tooltip="Close")


class SnoozeScreen(ModalScreen[SnoozeChoice | None]):
    """Pick when the message comes back: a preset or a typed time."""

    CSS_PATH = CSS_PATH
    BINDINGS = [_cancel_binding("snooze")]

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.now = now
        self.presets = (
            ("Later today", later_today(now)),
            ("Tomorrow morning", tomorrow_morning(now)),
            ("Next week", next_week(now)),
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="inbox-dialog", id="inbox-snooze"):
            yield Static(Text("Snooze until", style="bold"))
            yield OptionList(
                *(
                    Option(Text(f"{label:<18} {when(at, self.now)}"), id=str(index))
                    for index, (label, at) in enumerate(self.presets)
                ),
                id="inbox-snooze-presets",
            )
            yield Input(
                placeholder="or type: 2h, 3d, 1w, 14:00, 2026-11-20 [14:00]",
                id="inbox-snooze-when",
            )
            yield Checkbox("Unless someone replies", id="inbox-snooze-reply")
            yield Static(id="inbox-snooze-error")
            yield Static(
                Text("enter picks · tab moves · escape cancels", style="dim"), classes="hint"
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def _choose(self, until: datetime) -> None:
        unless = self.query_one("#inbox-snooze-reply", Checkbox).value
        self.dismiss(SnoozeChoice(until, unless))

    @on(OptionList.OptionSelected, "#inbox-snooze-presets")
    def _preset(self, event: OptionList.OptionSelected) -> None:
        self._choose(self.presets[int(event.option.id or 0)][1])

    @on(Input.Submitted, "#inbox-snooze-when")
    def _typed(self, event: Input.Submitted) -> None:
        until = parse_when(event.value, self.now)
        if until is None:
            error = Text(f"Not a time after now: {event.value[:40]}", style="bold red")
            self.query_one("#inbox-snooze-error", Static).update(error)
            return
        self._choose(until)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question before a verb on many messages."""

    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="inbox.confirm.yes", tooltip="Go ahead"),
        Binding("n,escape", "answer(False)", "No", id="inbox.confirm.no", tooltip="Leave it"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="inbox-dialog", id="inbox-confirm"):
            yield Static(Text(self.question, style="bold"))
            yield Static(Text("y: yes   n / escape: no", style="dim"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ChatReplyScreen(ModalScreen[str | None]):
    """One line of chat reply, typed inline."""

    CSS_PATH = CSS_PATH
    BINDINGS = [_cancel_binding("chat_reply")]

    def __init__(self, to: str) -> None:
        super().__init__()
        self.to = to

    def compose(self) -> ComposeResult:
        with Vertical(classes="inbox-dialog", id="inbox-chat-reply"):
            title = Text("Reply to ", style="bold")
            title.append(self.to)
            yield Static(title)
            yield Input(placeholder="Your reply (enter sends, escape cancels)", id="inbox-reply")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#inbox-reply")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SendChoiceScreen(ModalScreen[str | None]):
    """After the editor: send now, keep as a draft, or drop it."""

    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("s", "choose('send')", "Send", id="inbox.send.send", tooltip="Send it now"),
        Binding(
            "d", "choose('draft')", "Save draft", id="inbox.send.draft", tooltip="Save as draft"
        ),
        _cancel_binding("send"),
    ]

    def __init__(self, summary: Text, *, can_send: bool, can_draft: bool) -> None:
        super().__init__()
        self.summary = summary
        self.can_send = can_send
        self.can_draft = can_draft

    def compose(self) -> ComposeResult:
        with Vertical(classes="inbox-dialog", id="inbox-send"):
            yield Static(self.summary)
            keys = [
                k for k, ok in (("s: send", self.can_send), ("d: save draft", self.can_draft)) if ok
            ]
            yield Static(Text("   ".join([*keys, "escape: discard"]), style="dim"), classes="hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return self.can_send if parameters == (SEND,) else self.can_draft
        return True

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
