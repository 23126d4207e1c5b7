"""The parser's quick header paths give exactly what `email.policy.default` gives.

Plain headers skip the policy's parser and every header is parsed once a
message; these tests compare both paths on chosen and generated headers
(encoded words, folding, quoting, groups, bad charsets, 8-bit bytes, absence).
"""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctotui.mailparse import addresses, header_text, parse_bytes, parse_message
from ctotui.mailparse_headers import CachedMessage, plain_addresses, plain_text

TEXT_HEADERS = ("Subject", "Message-ID", "In-Reply-To", "References", "List-Id", "Precedence")
ADDRESS_HEADERS = ("From", "To", "Cc")


def reference(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def reference_text(msg: EmailMessage, name: str) -> str:
    """The text the parser gave before the quick paths: the policy's, else decoded raw."""
    try:
        value = msg.get(name)
        return "" if value is None else str(value)
    except Exception:  # the policy's parser gave up: decoded raw text, as the parser does
        pass
    for key, raw in msg.raw_items():
        if key.lower() == name.lower():
            try:
                return str(make_header(decode_header(str(raw))))
            except Exception:  # undecodable words
                return str(raw)
    return ""


def reference_addresses(msg: EmailMessage, name: str) -> list[tuple[str, str]]:
    text = reference_text(msg, name)
    if not text:
        return []
    pairs = getaddresses([text])
    return [(n.strip(), a.strip()) for n, a in pairs if a.strip() and "@" in a]


def reference_date(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except Exception:  # unparseable either way
        return None


def message(headers: list[tuple[str, str]]) -> bytes:
    lines = [f"{name}: {value}" for name, value in headers]
    return ("\r\n".join(lines) + "\r\n\r\nbody\r\n").encode("utf-8", "surrogateescape")


def assert_same(raw: bytes) -> None:
    ours, theirs = parse_bytes(raw), reference(raw)
    for name in TEXT_HEADERS:
        assert header_text(ours, name) == reference_text(theirs, name), name
    for name in ADDRESS_HEADERS:
        assert addresses(ours, name) == reference_addresses(theirs, name), name
    assert reference_date(header_text(ours, "Date")) == reference_date(
        reference_text(theirs, "Date")
    )


@pytest.mark.parametrize(
    "headers",
    [
        [("Subject", "=?utf-8?q?Caf=C3=A9?= =?utf-8?q?_au_lait?= menu")],
        [("Subject", "=?x-unknown-charset?q?abc?= tail")],
        [("Subject", "=?utf-8?b?!!!broken?= words")],
        [("Subject", "Folded\r\n  over\r\n\ttwo lines")],
        [("Subject", "  leading and trailing  ")],
        [("Subject", "")],
        [("Subject", "Caf\udce9 raw latin-1 byte")],
        [("Message-ID", "<a@b.example> <second@b.example>")],
        [("Message-ID", "no brackets@b.example")],
        [("Message-ID", "<a..b@c.example>")],
        [("In-Reply-To", "<x@y.example> (a comment)")],
        [("References", "<a@x.example>\r\n <b@x.example>\r\n\t<c@x.example>")],
        [("From", '"Lopez, Ana" <ana@acme.example>')],
        [("From", "Ana  Lopez <ana@acme.example>")],
        [("From", "ana@acme.example (Ana Lopez)")],
        [("From", "=?utf-8?q?Ana_L=C3=B3pez?= <ana@acme.example>")],
        [("From", "J. Smith <j@acme.example>")],
        [("From", "Ana<ana@acme.example>")],
        [("To", "team: a@acme.example, b@acme.example;, c@acme.example")],
        [("To", "a@acme.example, , b@acme.example")],
        [("To", "undisclosed-recipients:;")],
        [("To", "not an address")],
        [("Cc", "A <a@acme.example>,\r\n B <b@acme.example>")],
        [("Date", "Tue, 17 Nov 2026 16:05:00 +0100")],
        [("Date", "17 Nov 2026 16:05:00 -0000")],
        [("Date", "Tue, 17 Nov 26 16:05 GMT")],
        [("Date", "not a date at all")],
        [("Date", "Tue, 31 Feb 2026 16:05:00 +9999")],
        [],
    ],
)
def test_chosen_headers_read_as_the_policy_reads_them(headers: list[tuple[str, str]]) -> None:
    assert_same(message(headers))


_PIECES = [*"abAB09 .@<>,\"()=?:;\\_-\t'é", "=?utf-8?q?", "?=", "\udce9", "<a@b.example>"]
_VALUE = st.lists(st.sampled_from(_PIECES), max_size=24).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from((*TEXT_HEADERS, *ADDRESS_HEADERS, "Date")),
    value=_VALUE,
)
def test_generated_headers_read_as_the_policy_reads_them(name: str, value: str) -> None:
    assert_same(message([(name, value.strip("\r\n"))]))


@settings(max_examples=300, deadline=None)
@given(
    names=st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=6), min_size=1, max_size=3),
    spaces=st.booleans(),
)
def test_generated_plain_mailboxes_split_as_the_policy_splits_them(
    names: list[str], spaces: bool
) -> None:
    joiner = ", " if spaces else ","
    value = joiner.join(f"{n} {n.upper()} <{n}.x@{n}.example>" for n in names)
    assert plain_addresses(value) is not None
    assert_same(message([("To", value)]))


def test_only_plain_values_take_the_quick_path() -> None:
    assert plain_text("Subject", "Budget review") == "Budget review"
    assert plain_text("Subject", "=?utf-8?q?Caf=C3=A9?=") is None
    assert plain_text("Subject", "Caf\udce9") is None
    assert plain_text("Message-ID", "<a@b> <c@d>") is None
    assert plain_text("X-Unknown", "plain") is None
    assert plain_addresses('"Lopez, Ana" <ana@acme.example>') is None
    assert plain_addresses("Ana Lopez <ana@acme.example>") == [("Ana Lopez", "ana@acme.example")]


def test_a_header_is_parsed_once_however_often_it_is_read(monkeypatch: Any) -> None:
    calls: list[str] = []
    policy = email.policy.default
    original = type(policy).header_fetch_parse

    def counting(self: Any, name: str, value: Any) -> Any:
        calls.append(name.lower())
        return original(self, name, value)

    monkeypatch.setattr(type(policy), "header_fetch_parse", counting)
    raw = message([("Content-Type", "text/plain; charset=utf-8"), ("Subject", "x")])
    parse_message(raw, source="s", remote_id="r", folder="INBOX", received_at=datetime.now(UTC))
    assert calls.count("content-type") == 1


def test_a_changed_header_is_read_afresh() -> None:
    msg = parse_bytes(message([("Content-Type", "text/plain; charset=utf-8")]))
    assert isinstance(msg, CachedMessage)
    assert msg.get_content_charset() == "utf-8"
    msg.replace_header("Content-Type", "text/html; charset=iso-8859-1")
    assert msg.get_content_type() == "text/html"
    assert msg.get_content_charset() == "iso-8859-1"
