"""Fuzzing the parsers that read what the user or a server wrote: config, mail, IMAP FETCH.

Each takes input nobody checked: a config file edited by hand, mail from anyone,
a server's FETCH response. Random input and realistic input with one part broken
must give a value (a config with problems listed, a message, FETCH records),
never an exception that would stop a sync or the app's start.
"""

from __future__ import annotations

import tempfile
import tomllib
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctotui.adapters.imap_fetch import FetchRecord, parse_fetch
from ctotui.config import config_from_text, load_config
from ctotui.mailparse import parse_message
from ctotui.model import Message

EXAMPLE = Path(__file__).resolve().parent.parent / "config" / "example.toml"
ARRIVED = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)

# Config ---------------------------------------------------------------------------

toml_scalars = (
    st.text(max_size=30)
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.dates(min_value=date(1970, 1, 1))
    | st.times()
    | st.datetimes(min_value=datetime(1970, 1, 1)).map(lambda d: d.replace(tzinfo=UTC))
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
Path_ = list[str | int]


def _paths(node: Any, here: Path_) -> list[Path_]:
    """Every node's path in a TOML document: the places one value can be broken."""
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, [*here, key])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, [*here, index])
    return found


def _replaced(document: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    if not path:
        return value if isinstance(value, dict) else {"me": value}
    parent: Any = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


def _load_example() -> dict[str, Any]:
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


EXAMPLE_NODES = len(_paths(_load_example(), []))


def _assert_loads(text: str) -> None:
    config = config_from_text(text)
    for problem in config.problems:
        assert problem.text.strip(), "a config problem must say what is wrong"
        assert "Traceback" not in str(problem)


@FUZZ
@given(text=st.text(max_size=400))
def test_any_text_is_a_config_or_a_clear_problem(text: str) -> None:
    _assert_loads(text)


@FUZZ
@given(document=st.dictionaries(st.sampled_from(["me", "ui", "sources", "projects", "people",
    "estimates", "triage", "sync", "extra"]), toml_values, max_size=5))  # fmt: skip
def test_any_toml_document_is_a_config_or_a_clear_problem(document: dict[str, Any]) -> None:
    _assert_loads(tomli_w.dumps(document))


@FUZZ
@given(
    changes=st.lists(
        st.tuples(st.integers(min_value=0, max_value=EXAMPLE_NODES - 1), toml_values),
        min_size=1,
        max_size=3,
    )
)
def test_the_example_config_with_broken_values_lists_problems(
    changes: list[tuple[int, Any]],
) -> None:
    """The shipped example, one value at a time replaced by a value of any TOML type."""
    document = _load_example()
    for index, value in changes:
        paths = _paths(document, [])
        document = _replaced(document, paths[index % len(paths)], value)
    _assert_loads(tomli_w.dumps(document))


@settings(max_examples=30, deadline=None, database=None)
@given(raw=st.binary(max_size=300))
def test_any_file_bytes_are_a_config_or_a_clear_problem(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_bytes(raw)
        config = load_config(path)
    assert all(problem.text.strip() for problem in config.problems)


# Mail -----------------------------------------------------------------------------

MAILS = (
    b"From: =?utf-8?q?Ana_L=C3=B3pez?= <ana@acme.example>\r\n"
    b"To: CTO <cto@acme.example>, team@acme.example\r\n"
    b"Subject: =?iso-8859-1?q?Caf=E9?= budget\r\n"
    b"Date: Tue, 17 Nov 2026 16:05:00 +0100\r\n"
    b"Message-ID: <root-1@acme.example>\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
    b"Can you approve the budget?\r\n",
    b"From: ops@acme.example\r\nTo: cto@acme.example\r\nSubject: Re: outage\r\n"
    b"In-Reply-To: <root-1@acme.example>\r\nReferences: <a@x> <root-1@acme.example>\r\n"
    b"List-Id: <ops.acme.example>\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
    b'--b1\r\nContent-Type: multipart/alternative; boundary="b2"\r\n\r\n'
    b"--b2\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\nDisk =E2=80=94 full\r\n"
    b"--b2\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    b"<p>Disk <b>full</b><script>x()</script></p>\r\n--b2--\r\n"
    b"--b1\r\nContent-Type: application/pdf\r\n"
    b"Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n",
)
edits = st.lists(
    st.tuples(st.integers(min_value=0, max_value=2000), st.binary(max_size=12), st.booleans()),
    min_size=1,
    max_size=6,
)


def _parse(raw: bytes, *, complete: bool = True) -> Message:
    return parse_message(
        raw,
        source="work",
        remote_id="INBOX/1/1",
        folder="INBOX",
        me=("cto@acme.example",),
        received_at=ARRIVED,
        body_complete=complete,
    )


def _assert_message(message: Message) -> None:
    for text in (message.subject, message.sender_name, message.sender_address, message.body):
        assert isinstance(text, str)
    assert message.received_at.tzinfo is not None
    assert all(isinstance(part.name, str) for part in message.attachments)


@FUZZ
@given(raw=st.binary(max_size=600), complete=st.booleans())
def test_any_bytes_are_a_message(raw: bytes, complete: bool) -> None:
    _assert_message(_parse(raw, complete=complete))


@FUZZ
@given(which=st.integers(min_value=0, max_value=len(MAILS) - 1), changes=edits)
def test_real_mail_with_broken_bytes_is_a_message(
    which: int, changes: list[tuple[int, bytes, bool]]
) -> None:
    """Cut, overwritten or inserted bytes anywhere: headers, boundaries, encodings."""
    raw = bytearray(MAILS[which])
    for at, chunk, overwrite in changes:
        at %= len(raw) + 1
        raw[at : at + (len(chunk) if overwrite else 0)] = chunk
    _assert_message(_parse(bytes(raw)))


header_names = st.sampled_from(
    ["From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
     "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "List-Id",
     "Precedence", "Auto-Submitted", "MIME-Version"]
)  # fmt: skip


@FUZZ
@given(
    headers=st.lists(
        st.tuples(header_names, st.text(max_size=60).map(lambda t: t.replace("\n", " "))),
        max_size=8,
    ),
    body=st.binary(max_size=200),
)
def test_any_header_values_are_a_message(headers: list[tuple[str, str]], body: bytes) -> None:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    _assert_message(_parse(head.encode("utf-8", "surrogatepass") + b"\r\n" + body))


# IMAP FETCH -----------------------------------------------------------------------

FETCH = [
    (
        b'1 (UID 7 FLAGS (\\Seen) RFC822.SIZE 120 INTERNALDATE "17-Nov-2026 16:05:00 +0100"'
        b" MODSEQ (12) BODY[HEADER] {40}",
        b"From: ana@acme.example\r\nSubject: hi\r\n\r\n",
    ),
    (b" BODY[TEXT]<0> {5}", b"hello"),
    b")",
    b"2 (UID 8 FLAGS () BODY[HEADER] NIL)",
]
# Lines built from the tokens a FETCH is made of, so the fuzzing reaches every item.
tokens = st.sampled_from(
    [b"1 (", b"UID ", b"FLAGS (", b"\\Seen", b")", b" ", b"RFC822.SIZE ", b"MODSEQ (",
     b'INTERNALDATE "', b'"', b"BODY[HEADER] ", b"BODY[TEXT]<0> ", b"{5}", b"NIL", b"\x00",
     b"0", b"9", b"99999999999999999999", b"17-Nov-2026 16:05:00 +0100", b"31-Feb-2026"]
)  # fmt: skip
lines = st.binary(max_size=80) | st.lists(tokens, max_size=12).map(b"".join)
items = st.one_of(
    lines,
    st.tuples(lines, st.binary(max_size=80)),
    st.text(max_size=20),
    st.none(),
    st.integers(),
)


def _assert_records(records: list[FetchRecord]) -> None:
    for record in records:
        assert record.uid >= 0 and record.size >= 0
        assert all(isinstance(v, bytes) for v in record.sections.values())


@FUZZ
@given(data=st.lists(items, max_size=8))
def test_any_fetch_response_gives_records(data: list[object]) -> None:
    _assert_records(parse_fetch(data))


@FUZZ
@given(
    changes=st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(FETCH) - 1), items), max_size=3
    ),
    cut=st.integers(min_value=0, max_value=len(FETCH)),
)
def test_a_real_fetch_response_with_broken_lines_gives_records(
    changes: list[tuple[int, object]], cut: int
) -> None:
    data: list[object] = list(FETCH[: cut or len(FETCH)])
    for index, item in changes:
        if index < len(data):
            data[index] = item
    _assert_records(parse_fetch(data))


def test_the_real_fetch_response_is_read_whole() -> None:
    """The seed the fuzzing breaks: both messages, every item, whatever the order."""
    first, second = parse_fetch(list(FETCH))
    assert (first.uid, first.seen, first.size, first.modseq) == (7, True, 120, 12)
    assert first.internal_date == datetime.combine(date(2026, 11, 17), time(15, 5), UTC)
    assert first.sections["BODY[TEXT]<0>"] == b"hello"
    assert first.sections["BODY[HEADER]"].startswith(b"From: ana@")
    assert (second.uid, second.flags, second.sections) == (8, (), {"BODY[HEADER]": b""})


def test_a_nul_from_the_server_is_not_taken_for_a_literal() -> None:
    """The parser marks literals with NUL + index; a server's own NUL must not index them."""
    (record,) = parse_fetch([b"1 (UID 3 BODY[HEADER] \x009)"])
    assert record.uid == 3 and "BODY[HEADER]" not in record.sections


def test_a_digit_after_a_literal_does_not_change_which_literal_it_is() -> None:
    data = [(b"1 (UID 4 BODY[HEADER] {2}", b"ab"), (b" BODY[TEXT]<0> {1}", b"c"), b"0)"]
    (record,) = parse_fetch(list(data))
    assert record.sections == {"BODY[HEADER]": b"ab", "BODY[TEXT]<0>": b"c"}
