"""One error hierarchy: each error has a title and a message a user can act on.

The CLI prints them as one readable block (exit code 2); the app shows them in a
screen. Messages never contain secrets: secret values are never put into them.
"""

from __future__ import annotations

from datetime import datetime


class CtotuiError(Exception):
    """Base class: a problem the user can understand and fix."""

    title: str = "Error"

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title


class ConfigError(CtotuiError):
    """One or more problems in the config file; `problems` lists each of them."""

    title = "Configuration problem"

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ConfigProblem:
    """One config problem: which file, which key, which line, what to do."""

    __slots__ = ("file", "fix", "key", "line", "text")

    def __init__(
        self, file: str, key: str, text: str, fix: str = "", line: int | None = None
    ) -> None:
        self.file = file
        self.key = key
        self.text = text
        self.fix = fix
        self.line = line

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        key = f" [{self.key}]" if self.key else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{where}{key}: {self.text}.{fix}"

    def __repr__(self) -> str:
        return f"ConfigProblem({self!s})"


class SecretError(CtotuiError):
    title = "Secret not available"


class AdapterError(CtotuiError):
    """A source failed: unreachable, refused, or answered with something unusable.

    `retry_at` is when the server asked us to come back (Retry-After, or a
    rate-limit reset); the scheduler waits at least until then.
    `rate_limited` says the wait is a rate limit rather than an outage;
    `unreachable` that no answer came at all (refused, no DNS, timed out, TLS).
    """

    title = "Source error"

    def __init__(
        self,
        message: str,
        *,
        title: str | None = None,
        retry_at: datetime | None = None,
        rate_limited: bool = False,
        unreachable: bool = False,
    ) -> None:
        super().__init__(message, title=title)
        self.retry_at = retry_at
        self.rate_limited = rate_limited
        self.unreachable = unreachable


class StoreError(CtotuiError):
    title = "Data store problem"
