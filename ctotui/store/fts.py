"""Turning whatever the user typed into a safe FTS5 query.

FTS5 has its own query language (quotes, AND/OR/NOT, NEAR, column filters,
`*`); user input must never be parsed as that language, because a stray quote
would raise and an operator would change the meaning. Every word is quoted as
a literal string, so any input at all is a valid query. Words the user put in
double quotes stay together as one string, which FTS5 matches as a phrase
(the words next to each other, in that order). The last word is matched as a
prefix, so a search typed character by character finds "deployment" while the
user is still at "deplo". A one-letter last word is matched exactly: the index
keeps prefixes of two and three letters, and a one-letter prefix would have to
visit a large part of the vocabulary.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[^\W_]+")
# A double-quoted phrase (the closing quote may be missing while typing), or a bare word.
_TERM = re.compile(r'"([^"]*)"?|(\S+)')
MIN_PREFIX = 2


def match_expression(text: str) -> str | None:
    """An FTS5 MATCH expression for every word and phrase of `text` (all must match), or None.

    None means the text holds nothing searchable (empty, or only punctuation):
    a word with no letter or digit has no tokens and would match nothing.
    """
    terms: list[str] = []
    for match in _TERM.finditer(text.replace("\x00", "")):
        phrase, word = match.groups()
        term = " ".join((phrase or "").split()) if word is None else word
        if _TOKEN.search(term):
            terms.append(term)
    if not terms:
        return None
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    if len(_TOKEN.findall(terms[-1])[-1]) >= MIN_PREFIX:
        quoted[-1] += "*"
    return " ".join(quoted)
