"""The one sanitizer for untrusted text (subjects, bodies, names, titles, labels).

Everything from outside is displayed through these functions: terminal escape
sequences (CSI, OSC, DCS, APC, PM, SOS), C0/C1 controls, bidi overrides and
zero-width characters are removed, so a message can never move the cursor,
write the clipboard, change the title or reorder what the user reads. The UI
renders the result as plain text (never as markup).
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI, string sequences (OSC, DCS, SOS, PM, APC) up to
# their terminator (BEL or ST) or the end of the text, and two-byte escapes.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?             # CSI ... final byte
    | \x1b[\]PX^_].*?(?:\x07|\x1b\\|$)   # OSC / DCS / SOS / PM / APC ... BEL or ST
    | \x9b[0-?]*[ -/]*[@-~]?             # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x9c|\x1b\\|$)  # 8-bit string sequences
    | \x1b[ -/]*[0-~]?                   # other escapes (charset, keypad, ...)
    """,
    re.VERBOSE | re.DOTALL,
)

# Bidi embeddings/overrides/isolates and zero-width characters used for spoofing.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")

# C0 and C1 control characters except tab and newline (handled per function).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

DEFAULT_LINE_LIMIT = 500
DEFAULT_TEXT_LIMIT = 200_000


def clean_text(text: str, limit: int = DEFAULT_TEXT_LIMIT) -> str:
    """Multi-line untrusted text made safe to show: escapes and controls removed.

    Newlines are kept, tabs become spaces, carriage returns are dropped. Text
    past `limit` characters is cut for display (the store keeps all of it).
    """
    if len(text) > limit:
        cut = len(text) - limit
        text = text[:limit] + f"\n… ({cut:,} more characters not shown)"
    text = _ESCAPES.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = _INVISIBLE.sub("", text)
    return _CONTROLS.sub("", text)


def clean_line(text: str, limit: int = DEFAULT_LINE_LIMIT) -> str:
    """Untrusted text for one line of a list: as clean_text, whitespace folded, capped."""
    line = " ".join(clean_text(text).split())
    if len(line) > limit:
        return line[: max(limit - 1, 0)] + "…"
    return line
