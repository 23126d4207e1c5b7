"""Schema step: mail headers needed for replies and threads, attachments, partial bodies."""

from __future__ import annotations

CACHE: tuple[str, ...] = (
    "ALTER TABLE messages ADD COLUMN message_id TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN refs TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE messages ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE messages ADD COLUMN body_complete INTEGER NOT NULL DEFAULT 1",
    "CREATE INDEX messages_message_id ON messages (message_id) WHERE message_id <> ''",
)
