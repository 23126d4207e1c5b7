"""Collecting config problems with the line each one is on.

tomllib reports no positions for values, so lines come from a light scan of
the raw text: table headers, then the key inside its table. It is best
effort; a problem without a line still names its file and key.
"""

from __future__ import annotations

import re
from difflib import get_close_matches

from ctotui.errors import ConfigProblem

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([^\[\]]+?)\s*\]\]\s*(?:#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY_TOKENS = re.compile(r"\[\d+\]|[^.\[\]]+")


def _normalise(name: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in name.split("."))


class LineIndex:
    """Where each table starts and ends in the raw TOML text, to find a key's line."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        # table path -> (first line of its body, index after its last line), 0-based
        self._tables: dict[str, tuple[int, int]] = {}
        counts: dict[str, int] = {}
        current, start = "", 0
        for number, line in enumerate(self._lines):
            array = _ARRAY_HEADER.match(line)
            table = None if array else _TABLE_HEADER.match(line)
            if not (array or table):
                continue
            self._tables.setdefault(current, (start, number))
            if array:
                name = _normalise(array.group(1))
                index = counts.get(name, 0)
                counts[name] = index + 1
                current = f"{name}[{index}]"
            elif table:
                current = _normalise(table.group(1))
            start = number + 1
        self._tables.setdefault(current, (start, len(self._lines)))

    def line_of(self, key: str) -> int | None:
        """The 1-based line of a key path like `sources[2].port`, else of its table header."""
        tokens = _KEY_TOKENS.findall(key)
        table, rest = "", tokens
        prefix = ""
        for i, token in enumerate(tokens):
            prefix = prefix + token if token.startswith("[") or not prefix else f"{prefix}.{token}"
            if prefix in self._tables:
                table, rest = prefix, tokens[i + 1 :]
        start, end = self._tables.get(table, (0, 0))
        names = [t for t in rest if not t.startswith("[")]
        if names:
            wanted = re.escape(names[0])
            pattern = re.compile(rf"^\s*(?:{wanted}|\"{wanted}\"|'{wanted}')\s*[.=]")
            for number in range(start, end):
                if pattern.match(self._lines[number]):
                    return number + 1
        return start if table else None


def did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str:
    """' (did you mean "x"?)' for a near miss, else an empty string."""
    close = get_close_matches(word, list(options), n=1, cutoff=0.75)
    return f' (did you mean "{close[0]}"?)' if close else ""


class Problems:
    """Every problem found in one file, each with its line when it can be found."""

    def __init__(self, file: str, text: str = "") -> None:
        self.file = file
        self.items: list[ConfigProblem] = []
        self._index = LineIndex(text)

    def add(self, key: str, text: str, fix: str = "", line: int | None = None) -> None:
        found = line if line is not None else (self._index.line_of(key) if key else None)
        self.items.append(ConfigProblem(self.file, key, text, fix, found))

    def sorted(self) -> tuple[ConfigProblem, ...]:
        """Top to bottom in the file, so fixing them in order reads naturally."""
        return tuple(sorted(self.items, key=lambda p: (p.line is not None, p.line or 0)))
