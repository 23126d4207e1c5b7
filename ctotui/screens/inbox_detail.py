"""The inbox's detail pane: headers, why it ranks where it does, the thread, the body.

Everything from a message is untrusted and goes through the sanitizer into
plain `Text`; nothing here is parsed as markup.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from ctotui.config import Config
from ctotui.humanize import age, when
from ctotui.model import Message, OutboxAction, TriageState
from ctotui.sanitize import clean_line, clean_text
from ctotui.store import IMPORTANT_THRESHOLD, Store
from ctotui.triage import Score, score_with_config

THREAD_CONTEXT = 6


def explain(message: Message, store: Store, config: Config, now: datetime) -> Score:
    """The score with its reasons as of now (the rank itself was stored at sync)."""
    mine = store.my_message_ids(message.source) if message.in_reply_to else set()
    return score_with_config(message, config, now, replies_to_me=message.in_reply_to in mine)


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size} {unit}"
        size //= 1024
    return f"{size} GB"


def detail_text(
    message: Message,
    store: Store,
    config: Config,
    now: datetime,
    failures: list[OutboxAction],
) -> Text:
    text = Text()
    text.append(clean_line(message.subject or "(no subject)", 300) + "\n", style="bold")
    sender = (
        f"{message.sender_name} <{message.sender_address}>"
        if message.sender_name
        else message.sender_address
    )
    for label, value in (
        ("From", sender),
        ("To", ", ".join(message.recipients)),
        ("Cc", ", ".join(message.cc)),
        ("Date", f"{when(message.received_at, now)} ({age(message.received_at, now)} ago)"),
        ("In", f"{message.source} / {message.folder}"),
        ("Link", message.url),
    ):
        if value:
            text.append(f"{label:>5}: ", style="dim")
            text.append(clean_line(value, 300) + "\n")
    score = explain(message, store, config, now)
    text.append("Score: ", style="dim")
    text.append(
        f"{message.importance}",
        style="bold red" if message.importance >= IMPORTANT_THRESHOLD else "bold",
    )
    text.append(f" ({', '.join(score.reasons) or 'no rule fired'})\n", style="dim")
    if message.triage is TriageState.SNOOZED:
        text.append("Snoozed", style="bold")
        if message.id is not None and store.wakes_on_reply(message.id):
            text.append(" (back early if someone replies)", style="dim")
        text.append("\n")
    for failure in failures:
        text.append(f"Failed: {failure.action.value}: ", style="bold red")
        text.append(clean_line(failure.last_error, 200) + "\n", style="red")
    for attachment in message.attachments:
        text.append("Attachment: ", style="dim")
        text.append(clean_line(attachment.name or "(unnamed)", 80))
        text.append(f"  {clean_line(attachment.content_type, 40)}, {_size(attachment.size)}\n")
    thread = (
        [m for m in store.thread_messages(message) if m.id != message.id]
        if message.thread_id
        else []
    )
    if thread:
        text.append(f"Thread: {len(thread) + 1} messages\n", style="dim")
        for other in thread[-THREAD_CONTEXT:]:
            text.append(f"  {when(other.received_at, now):>9}  ", style="dim")
            text.append(clean_line(other.sender_name or other.sender_address, 24))
            text.append("  " + clean_line(other.snippet, 60) + "\n", style="dim")
    if not message.body_complete:
        text.append("(loading the full message…)\n", style="dim italic")
    text.append("\n")
    text.append(clean_text(message.body))
    return text


def entry_text(entry: object, now: datetime) -> Text:
    """A radar entry without a message (a work item waiting on me)."""
    text = Text()
    text.append(clean_line(str(getattr(entry, "title", "")), 300) + "\n", style="bold")
    text.append(" Kind: ", style="dim")
    text.append(clean_line(str(getattr(entry, "kind", "")), 40) + "\n")
    text.append("  Who: ", style="dim")
    text.append(clean_line(str(getattr(entry, "who", "")), 200) + "\n")
    since = getattr(entry, "since", None)
    if isinstance(since, datetime):
        text.append("Since: ", style="dim")
        text.append(f"{when(since, now)} ({age(since, now)} ago)\n")
    item = getattr(entry, "item", None)
    url = str(getattr(item, "url", "") or "")
    if url:
        text.append(" Link: ", style="dim")
        text.append(clean_line(url, 300) + "\n")
    return text
