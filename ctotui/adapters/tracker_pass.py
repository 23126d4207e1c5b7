"""The sync pass of the GitHub and GitLab adapters: their targets, page by page, changes only.

A pass visits every configured target (a repository, an org, a query, the
notifications) in turn. The cursor remembers which targets are left, the next
page of the current one, each target's high-water mark (the newest `updated`
time seen, for `since` / `updated_after` next time) and each target's ETag
with the URL it was answered for: a mark that did not move keeps the request
URL unchanged, so the next sync is a conditional request answered 304, while
an ETag is never sent for a URL it did not come from.

Both APIs include the mark itself (`since` and `updated_after` mean "at or
after"), so the items that set the mark come back in every later listing. The
cursor keeps their keys and `updated_at` values, and an item listed again with
the same `updated_at` is skipped rather than read again (timeline, pull
request, checks, events).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ctotui.adapters.base import FetchResult
from ctotui.adapters.http import HttpSession, decode_json
from ctotui.errors import AdapterError

if TYPE_CHECKING:
    import httpx

FirstPage = Callable[[str, str], tuple[str, dict[str, Any]]]
"""(target, mark) -> the URL and query of the target's first listing request."""


@dataclass(slots=True)
class PassCursor:
    queue: list[str] = field(default_factory=list)
    next_url: str | None = None
    high: str = ""
    """The newest update seen so far in the current target's pages."""
    high_keys: dict[str, str] = field(default_factory=dict)
    """Item key -> listed `updated_at` of the items seen at `high` so far."""
    marks: dict[str, str] = field(default_factory=dict)
    at_mark: dict[str, dict[str, str]] = field(default_factory=dict)
    """Target -> item key -> listed `updated_at` of the items already read at the mark."""
    etags: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Target -> (request URL with its query, ETag answered for it)."""

    @classmethod
    def load(cls, text: str | None) -> PassCursor:
        """The cursor saved by the last fetch; a missing or unreadable one starts afresh."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(
            queue=[str(t) for t in data.get("queue") or []],
            next_url=data.get("next") or None,
            high=str(data.get("high") or ""),
            high_keys=_strings(data.get("high_keys")),
            marks=_strings(data.get("marks")),
            at_mark={str(t): _strings(keys) for t, keys in _mapping(data.get("at_mark")).items()},
            etags={
                str(t): (str(pair[0]), str(pair[1]))
                for t, pair in _mapping(data.get("etags")).items()
                if isinstance(pair, list) and len(pair) == 2
            },
        )

    def dump(self) -> str:
        return json.dumps(
            {
                "queue": self.queue,
                "next": self.next_url,
                "high": self.high,
                "high_keys": self.high_keys,
                "marks": self.marks,
                "at_mark": self.at_mark,
                "etags": {t: list(pair) for t, pair in self.etags.items()},
            },
            sort_keys=True,
        )

    def start(self, targets: list[str]) -> None:
        """Begin a new pass when the last one finished (or the targets changed)."""
        if not self.queue or any(t not in targets for t in self.queue):
            self.queue = list(targets)
            self.next_url = None
            self.high = ""
            self.high_keys = {}
        self.marks = {t: m for t, m in self.marks.items() if t in targets}
        self.at_mark = {t: k for t, k in self.at_mark.items() if t in targets}
        self.etags = {t: e for t, e in self.etags.items() if t in targets}

    @property
    def target(self) -> str:
        return self.queue[0]

    def known(self, key: str, updated: str) -> bool:
        """Whether this item was read at the current target's mark and has not changed since."""
        target = self.target
        mark = self.marks.get(target)
        return (
            bool(mark)
            and _stamp(updated) == mark
            and self.at_mark.get(target, {}).get(key) == updated
        )

    def seen(self, key: str, updated: str) -> None:
        """An item of the current target was listed with this `updated_at`."""
        stamp = _stamp(updated)
        if stamp is None or stamp < self.high:
            return
        if stamp > self.high:
            self.high, self.high_keys = stamp, {}
        self.high_keys[key] = updated

    def finish_target(self) -> None:
        """The current target is done: keep its mark and go on with the next."""
        target = self.queue.pop(0)
        mark = self.marks.get(target, "")
        if self.high and self.high > mark:
            self.marks[target] = self.high
            self.at_mark[target] = self.high_keys
        elif self.high and self.high == mark:
            self.at_mark[target] = {**self.at_mark.get(target, {}), **self.high_keys}
        self.next_url = None
        self.high = ""
        self.high_keys = {}


class ListingPass:
    """One `fetch` call's share of a pass: read one listing page, skip what is known, save.

    The paging (first request or the saved next link), the ETag per URL and the
    high-water mark are the same for GitHub and GitLab; the adapter says what
    the first request of a target is and what reading one item means.
    """

    def __init__(self, http: HttpSession, state: PassCursor) -> None:
        self.http = http
        self.state = state
        self._next: str | None = None
        self._finished = False

    @classmethod
    def begin(cls, http: HttpSession, cursor: str | None, targets: list[str]) -> ListingPass:
        state = PassCursor.load(cursor)
        state.start(targets)
        return cls(http, state)

    @property
    def target(self) -> str:
        return self.state.target

    async def read(self, first_page: FirstPage, *, newest_first: bool = False) -> Any | None:
        """The current target's next page as decoded JSON, or None: unchanged (304), target done.

        Rate limits, retries and errors are the session's. A first request is
        conditional when an ETag was answered for exactly this URL, and one is
        kept only when a 304 to it would prove the whole listing unchanged:
        for an oldest-first listing that is a single page with room left, as
        a new item would otherwise land on a later page.
        """
        state = self.state
        if state.next_url:
            response = await self.http.request("GET", state.next_url)
            self._next = _next_link(response)
            return decode_json(self.http.service, response)
        target = state.target
        url, params = first_page(target, state.marks.get(target, ""))
        key = _request_key(url, params)
        saved = state.etags.pop(target, None)
        headers = {"If-None-Match": saved[1]} if saved and saved[0] == key else None
        response = await self.http.request(
            "GET", url, params=params, headers=headers, ok_statuses=(304,)
        )
        if response.status_code == 304:
            if saved:
                state.etags[target] = saved
            state.finish_target()
            self._finished = True
            return None
        self._next = _next_link(response)
        data = decode_json(self.http.service, response)
        etag = response.headers.get("ETag")
        whole = newest_first or (
            self._next is None and _count(data) < int(params.get("per_page") or 0)
        )
        if etag and whole:
            state.etags[target] = (key, etag)
        return data

    def entries(self, listing: Any) -> list[Mapping[str, Any]]:
        """The items of a listing page: a JSON list of objects, else an error."""
        if not isinstance(listing, list):
            raise AdapterError(f"{self.http.service} sent an unexpected listing for {self.target}")
        return [entry for entry in listing if isinstance(entry, Mapping)]

    def changed(self, key: str, entry: Mapping[str, Any]) -> bool:
        """Note a listed item; True when it is new or changed and so must be read."""
        updated = str(entry.get("updated_at") or "")
        fresh = not self.state.known(key, updated)
        self.state.seen(key, updated)
        return fresh

    def done(self, result: FetchResult) -> FetchResult:
        """Move on (next page or next target) and put the cursor into `result`."""
        if not self._finished:
            if self._next:
                self.state.next_url = self._next
            else:
                self.state.finish_target()
            self._finished = True
        result.cursor = self.state.dump()
        result.more = bool(self.state.queue)
        return result


def _next_link(response: httpx.Response) -> str | None:
    link = response.links.get("next", {}).get("url")
    return str(link) if link else None


def _count(listing: Any) -> int:
    """Entries on a listing page: a JSON list, or a search result's `items`."""
    if isinstance(listing, Mapping):
        listing = listing.get("items")
    return len(listing) if isinstance(listing, list) else 0


def _request_key(url: str, params: Mapping[str, Any]) -> str:
    return url + "?" + urlencode(sorted((str(k), str(v)) for k, v in params.items()))


def _stamp(updated: str) -> str | None:
    """An API timestamp as whole UTC seconds, the form marks are kept and sent in."""
    try:
        moment = datetime.fromisoformat(updated)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        return None


def _mapping(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in _mapping(value).items()}
