"""Turning whatever the user typed into a safe FTS5 query.

FTS5 has its own query language (quotes, AND/OR/NOT, NEAR, column filters,
`*`); user input must never be parsed as that language, because a stray quote
would raise and an operator would change the meaning. Every word is quoted as
a literal string, so any input at all is a valid query. The last word is
matched as a prefix, so a search typed character by character finds
"deployment" while the user is still at "deplo". A one-letter last word is
matched exactly: the index keeps prefixes of two and three letters, and a
one-letter prefix would have to visit a large part of the vocabulary.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[^\W_]+")
MIN_PREFIX = 2


def match_expression(text: str) -> str | None:
    """An FTS5 MATCH expression for every word of `text` (all must match), or None.

    None means the text holds nothing searchable (empty, or only punctuation):
    a word with no letter or digit has no tokens and would match nothing.
    """
    words = [w.replace("\x00", "") for w in text.split() if _TOKEN.search(w)]
    if not words:
        return None
    terms = ['"' + w.replace('"', '""') + '"' for w in words]
    if len(_TOKEN.findall(words[-1])[-1]) >= MIN_PREFIX:
        terms[-1] += "*"
    return " ".join(terms)
