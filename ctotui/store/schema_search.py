"""Schema step: a covering index for the inbox search operators.

`from:`, `to:`, `subject:`, `is:`, `has:`, `before:`/`after:` filter on a few
short columns, but without an index holding them every count and page of a
search reads whole message rows (bodies included) from the table: a count of
`from:ana` over 100,000 messages read about 200 MB of pages. This index holds
those columns in the search view's order (newest first), so a count is a scan
of the index alone and a page is the first entries of it that pass the filters.
"""

from __future__ import annotations

CACHE: tuple[str, ...] = (
    "CREATE INDEX messages_search ON messages ("
    " received_at, id, is_open, snoozed_until, is_read, is_flagged,"
    " sender_address, sender_name, subject, recipients, cc, attachments)",
)
