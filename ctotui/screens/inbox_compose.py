"""Reply, reply-all and forward from the inbox.

Mail: the draft comes from `ctotui.compose`, the user edits it in $EDITOR
(the app suspends meanwhile), then chooses send or save as draft; the result
goes to the outbox as the complete message. Chat: one line typed inline goes
out as a REPLY. What the user wrote is never lost: if the message cannot be
built (no recipient, no sender address) the text stays in a file we name.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from ctotui.model import ActionKind, Message, MessageKind, OutboxAction
from ctotui.sanitize import clean_line
from ctotui.screens.inbox_modals import DRAFT, SEND, ChatReplyScreen, SendChoiceScreen

if TYPE_CHECKING:
    from ctotui.app import CtoApp

REPLY = "reply"
REPLY_ALL = "reply_all"
FORWARD = "forward"


def editor_command() -> list[str]:
    return shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")


def run_editor(app: CtoApp, path: Path) -> None:
    """Edit `path` in the user's editor with the terminal handed over to it."""
    with app.suspend():
        subprocess.run([*editor_command(), str(path)], check=False)


def can_compose(app: CtoApp, message: Message, mode: str) -> bool:
    """Whether this verb can do anything for this message's source."""
    if message.kind is MessageKind.CHAT:
        return mode == REPLY and app.source_supports(message.source, ActionKind.REPLY)
    return app.source_supports(message.source, ActionKind.SEND) or app.source_supports(
        message.source, ActionKind.SAVE_DRAFT
    )


def _sender(app: CtoApp) -> str | None:
    me = app.config.me_person
    if me is None or not me.emails:
        return None
    return f"{me.name} <{me.emails[0]}>" if me.name else me.emails[0]


def _queue(app: CtoApp, message: Message, kind: ActionKind, payload: str) -> None:
    app.store.enqueue(
        OutboxAction(message.source, kind, message.remote_id, app.clock.now(), payload=payload)
    )
    app.flush_outbox()


def start_compose(app: CtoApp, message: Message, mode: str) -> None:
    if message.kind is MessageKind.CHAT:
        who = clean_line(message.sender_name or message.sender_address, 60)

        def chat_done(text: str | None) -> None:
            if text:
                _queue(app, message, ActionKind.REPLY, text)
                app.notify(f"Reply queued to {who}.")

        app.push_screen(ChatReplyScreen(who), chat_done)
        return
    _compose_mail(app, message, mode)


def _compose_mail(app: CtoApp, message: Message, mode: str) -> None:
    from ctotui import compose

    sender = _sender(app)
    if sender is None:
        app.notify(
            "Set `me` and your email under [people] in the config to write mail.",
            title="Reply",
            severity="error",
        )
        return
    me = app.config.me_person
    mine = me.emails if me is not None else ()
    if mode == FORWARD:
        draft = compose.forward_draft(message)
    else:
        draft = compose.reply_draft(message, me=mine, reply_all=mode == REPLY_ALL)
    original = compose.draft_to_editor_text(draft)
    handle, name = tempfile.mkstemp(prefix="ctotui-", suffix=".eml.txt")
    path = Path(name)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(original)
    try:
        run_editor(app, path)
    except Exception as error:  # the editor could not run: say so, keep the draft
        app.notify(f"Could not run the editor: {error}. Draft kept in {path}", severity="error")
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    if text.strip() == original.strip():
        path.unlink(missing_ok=True)
        app.notify("Nothing changed: the reply was discarded.")
        return
    try:
        built = compose.editor_text_to_message(text, draft, sender=sender, now=app.clock.now())
    except ValueError as error:
        app.notify(f"{error} Your text is kept in {path}", title="Reply", severity="error")
        return
    summary = Text("To: ", style="dim")
    summary.append(clean_line(", ".join(str(v) for v in built.get_all("To", [])), 200) + "\n")
    summary.append("Subject: ", style="dim")
    summary.append(clean_line(str(built["Subject"]), 200))

    def chosen(choice: str | None) -> None:
        if choice is None:
            app.notify(f"Not sent. Your text is kept in {path}")
            return
        kind = ActionKind.SEND if choice == SEND else ActionKind.SAVE_DRAFT
        _queue(app, message, kind, built.as_string())
        path.unlink(missing_ok=True)
        app.notify("Queued to send." if choice == SEND else "Saved as a draft.")

    app.push_screen(
        SendChoiceScreen(
            summary,
            can_send=app.source_supports(message.source, ActionKind.SEND),
            can_draft=app.source_supports(message.source, ActionKind.SAVE_DRAFT),
        ),
        chosen,
    )


__all__ = ["DRAFT", "FORWARD", "REPLY", "REPLY_ALL", "SEND", "can_compose", "start_compose"]
