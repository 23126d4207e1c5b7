"""Which messages are bulk: mailing lists, no-reply senders, notification bots.

One list of sender patterns serves both the Python check (reasons shown to the
user) and the SQL expression the store uses for the Feed split, so the split
and the explanation never disagree.
"""

from __future__ import annotations

from ctotui.model import Message

# Substrings of a lower-cased sender address that mark an automated sender.
BULK_ADDRESS_PARTS: tuple[str, ...] = (
    "noreply",
    "no-reply",
    "no_reply",
    "donotreply",
    "do-not-reply",
    "notification",
    "newsletter",
    "digest",
    "mailer-daemon",
    "marketing",
    "updates@",
    "bot@",
    "[bot]",
)


def is_bulk(message: Message) -> bool:
    """Mailing list mail or an automated sender: it belongs in the Feed."""
    if message.is_list:
        return True
    address = message.sender_address.lower()
    return any(part in address for part in BULK_ADDRESS_PARTS)


def bulk_sql(alias: str = "m") -> str:
    """The same test as `is_bulk`, as an SQL expression over `messages {alias}` ("": bare)."""
    prefix = f"{alias}." if alias else ""
    likes = " OR ".join(
        f"instr(lower({prefix}sender_address), '{part}') > 0" for part in BULK_ADDRESS_PARTS
    )
    return f"({prefix}is_list = 1 OR {likes})"
