"""The inbox's verbs: done, snooze, star, read, to-do, reply, copy, links, bulk done, undo.

Each verb writes the store at once, queues the remote side in the outbox when
the message's source supports it, and leaves one `Undo` record behind so `z`
can put things back (locally at once; remotely by queueing the inverse action
where one exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ctotui.links import find_links, safe_url
from ctotui.model import ActionKind, Message, OutboxAction, TriageState
from ctotui.sanitize import clean_line
from ctotui.screens.base import PanelScreen
from ctotui.screens.inbox_compose import FORWARD, REPLY, REPLY_ALL, start_compose
from ctotui.screens.inbox_modals import ConfirmScreen, SnoozeChoice, SnoozeScreen
from ctotui.screens.link import LinkPickerScreen
from ctotui.screens.todo_form import QuickAddScreen
from ctotui.todo_links import message_link

INVERSE = {
    ActionKind.MARK_READ: ActionKind.MARK_UNREAD,
    ActionKind.MARK_UNREAD: ActionKind.MARK_READ,
    ActionKind.FLAG: ActionKind.UNFLAG,
    ActionKind.UNFLAG: ActionKind.FLAG,
}


def message_links(message: Message) -> list[tuple[str, str]]:
    """The message's own web link first, then the links in its body."""
    own = [("Open this message on the web", message.url)] if message.url else []
    return own + [pair for pair in find_links(message.body) if pair[1] != message.url]


@dataclass(slots=True)
class Undo:
    """What the last verb changed, so it can be put back."""

    label: str
    before: list[Message] = field(default_factory=list)
    remote: list[tuple[Message, ActionKind]] = field(default_factory=list)
    todo_id: int | None = None


class InboxVerbs(PanelScreen):
    """Verb actions; the screen supplies the current message, selection and view."""

    selected: dict[tuple[str, str], int]
    last_undo: Undo | None

    def init_verbs(self) -> None:
        self.last_undo = None

    def current_message(self) -> Message | None:
        raise NotImplementedError  # the inbox screen knows its list

    def view_message_ids(self) -> list[int]:
        raise NotImplementedError  # the inbox screen knows its view

    def _queue(self, message: Message, action: ActionKind) -> bool:
        """Send the change to the source too, when its adapter can apply it."""
        if not self.cto.source_supports(message.source, action):
            return False
        self.cto.store.enqueue(
            OutboxAction(message.source, action, message.remote_id, self.cto.clock.now())
        )
        return True

    def _finish(self, undo: Undo | None, note: str) -> None:
        if undo is not None:
            self.last_undo = undo
        for message in undo.before if undo is not None else []:
            self.selected.pop((message.source, message.remote_id), None)
        self.notify(note)
        self.cto.flush_outbox()
        self.cto.changed()

    # done ---------------------------------------------------------------------

    def action_done(self) -> None:
        message = self.current_message()
        if message is not None:
            self._done([message], f"Done: {clean_line(message.subject or message.snippet, 60)}")

    def _done(self, messages: list[Message], note: str) -> None:
        undo = Undo("done")
        now = self.cto.clock.now()
        store = self.cto.store
        with store.transaction():
            for message in messages:
                if message.id is None or message.triage is TriageState.DONE:
                    continue
                undo.before.append(message)
                store.set_triage(message.id, TriageState.DONE, at=now)
                self._queue(message, ActionKind.ARCHIVE)
        if undo.before:
            self._finish(undo, f"{note} (z undoes)")

    def action_bulk_done(self) -> None:
        """Done on the selection, or (after a confirmation) on the whole current split."""
        store = self.cto.store
        if self.selected:
            found = [store.get_message(i) for i in self.selected.values()]
            messages = [m for m in found if m is not None]
            self._done(messages, f"Done: {len(messages)} selected")
            return
        ids = self.view_message_ids()
        if not ids:
            self.notify("Nothing to mark done here.")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                messages = [m for m in (store.get_message(i) for i in ids) if m is not None]
                self._done(messages, f"Done: all {len(messages)} in this split")

        self.app.push_screen(
            ConfirmScreen(f"Mark all {len(ids)} messages in this split done?"), confirmed
        )

    # snooze, star, read -------------------------------------------------------

    def action_snooze(self) -> None:
        message = self.current_message()
        if message is None or message.id is None:
            return
        message_id = message.id

        def chosen(choice: SnoozeChoice | None) -> None:
            if choice is None:
                return
            self.cto.store.snooze_message(
                message_id, choice.until, at=self.cto.clock.now(), unless_reply=choice.unless_reply
            )
            when = choice.until.astimezone().strftime("%a %d %b %H:%M")
            extra = ", or when someone replies" if choice.unless_reply else ""
            self._finish(
                Undo("snooze", before=[message]), f"Snoozed until {when}{extra} (z undoes)"
            )

        self.app.push_screen(SnoozeScreen(self.cto.clock.now()), chosen)

    def action_toggle_flag(self) -> None:
        message = self.current_message()
        if message is None or message.id is None:
            return
        flagged = not message.is_flagged
        self.cto.store.set_message_flags(message.id, is_flagged=flagged)
        action = ActionKind.FLAG if flagged else ActionKind.UNFLAG
        undo = Undo("star", before=[message])
        if self._queue(message, action):
            undo.remote.append((message, INVERSE[action]))
        self._finish(undo, "Starred." if flagged else "Star removed.")

    def action_toggle_read(self) -> None:
        message = self.current_message()
        if message is not None:
            self.set_read(message, not message.is_read)

    def set_read(self, message: Message, read: bool) -> None:
        if message.id is None:
            return
        self.cto.store.set_message_flags(message.id, is_read=read)
        action = ActionKind.MARK_READ if read else ActionKind.MARK_UNREAD
        undo = Undo("read", before=[message])
        if self._queue(message, action):
            undo.remote.append((message, INVERSE[action]))
        self.last_undo = undo
        self.cto.flush_outbox()
        self.cto.changed()

    # to-do, reply, copy -------------------------------------------------------

    def action_todo(self) -> None:
        message = self.current_message()
        if message is None:
            return
        title = clean_line(message.subject or message.snippet, 120)
        link = message_link(message.source, message.remote_id)

        def added(todo_id: int | None) -> None:
            if todo_id is not None:
                self._finish(Undo("to-do", todo_id=todo_id), f"To-do added: {title} (z undoes)")

        self.app.push_screen(QuickAddScreen(prefill=title, links=(link,)), added)

    def action_react(self) -> None:
        """Acknowledge a chat message with the source's configured reaction (`ack_emoji`)."""
        message = self.current_message()
        if message is None:
            return
        if not self._queue(message, ActionKind.REACT):
            self.notify("This source has no reactions.", severity="warning")
            return
        self._finish(None, f"Reacted to {clean_line(message.subject or message.snippet, 60)}.")

    def action_reply(self) -> None:
        self._write(REPLY)

    def action_reply_all(self) -> None:
        self._write(REPLY_ALL)

    def action_forward(self) -> None:
        self._write(FORWARD)

    def _write(self, mode: str) -> None:
        message = self.current_message()
        if message is not None:
            start_compose(self.cto, message, mode)

    def action_copy_link(self) -> None:
        """Only a web link is copied as a link; a message without one says what Y copies."""
        message = self.current_message()
        if message is None:
            return
        target = safe_url(message.url) if message.url else None
        if target is None:
            self.notify("This message has no web link; Y copies its id.")
        else:
            self._copy("link", target)

    def action_links(self) -> None:
        """Pick one of the message's links; each shows its real target before it opens."""
        message = self.current_message()
        if message is None:
            return
        links = message_links(message)
        if not links:
            self.notify("No links in this message.")
        elif len(links) == 1:
            self.cto.open_url(links[0][1], display=links[0][0])
        else:
            title = f"Links in: {message.subject or message.snippet}"
            self.app.push_screen(LinkPickerScreen(links, title))

    def action_copy_id(self) -> None:
        message = self.current_message()
        if message is not None:
            self._copy(
                "Message-ID" if message.message_id else "id",
                message.message_id or message.remote_id,
            )

    def _copy(self, what: str, value: str) -> None:
        self.app.copy_to_clipboard(value)
        self.notify(f"Copied the {what}: {clean_line(value, 200)}")

    # undo ---------------------------------------------------------------------

    def action_undo(self) -> None:
        undo = self.last_undo
        if undo is None:
            self.notify("Nothing to undo.")
            return
        self.last_undo = None
        store, now = self.cto.store, self.cto.clock.now()
        with store.transaction():
            for message in undo.before:
                if message.id is None or store.get_message(message.id) is None:
                    continue
                state = TriageState.DONE if message.triage is TriageState.DONE else TriageState.NEW
                store.set_triage(message.id, state, at=now)
                store.set_message_flags(
                    message.id, is_read=message.is_read, is_flagged=message.is_flagged
                )
            for message, action in undo.remote:
                self._queue(message, action)
            if undo.todo_id is not None and store.get_todo(undo.todo_id) is not None:
                store.delete_todo(undo.todo_id)
        archived = undo.label == "done" and any(
            self.cto.source_supports(m.source, ActionKind.ARCHIVE) for m in undo.before
        )
        extra = " Back in the queue here; on the server it stays archived." if archived else ""
        self.notify(f"Undone: {undo.label}.{extra}")
        self.cto.flush_outbox()
        self.cto.changed()
