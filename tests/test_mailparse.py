"""Mail parsing: headers, bodies, threads, bulk detection, and hostile or broken mail."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.text import Text

from ctotui.mailparse import parse_message, thread_root
from ctotui.sanitize import clean_line, clean_text

ARRIVED = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)
ME = ("cto@acme.example",)


def parse(raw: bytes, **kwargs: object):  # type: ignore[no-untyped-def]
    return parse_message(
        raw,
        source="work",
        remote_id="INBOX/1/1",
        folder="INBOX",
        me=ME,
        received_at=ARRIVED,
        **kwargs,  # type: ignore[arg-type]
    )


SIMPLE = b"""\
From: =?utf-8?q?Ana_L=C3=B3pez?= <ana@acme.example>
To: CTO <CTO@acme.example>, team@acme.example
Cc: ben@acme.example
Subject: =?iso-8859-1?q?Caf=E9?= budget for Q1?
Date: Tue, 17 Nov 2026 16:05:00 +0100
Message-ID: <root-1@acme.example>
Content-Type: text/plain; charset=utf-8

Can you approve the budget?
"""


def test_headers_are_decoded_and_addresses_split() -> None:
    message = parse(SIMPLE)
    assert message.sender_name == "Ana López"
    assert message.sender_address == "ana@acme.example"
    assert message.subject == "Café budget for Q1?"
    assert message.recipients == ("CTO@acme.example", "team@acme.example")
    assert message.cc == ("ben@acme.example",)
    assert message.received_at == datetime(2026, 11, 17, 15, 5, tzinfo=UTC)
    assert message.is_direct and not message.from_me and not message.is_list
    assert message.message_id == "<root-1@acme.example>"
    assert message.thread_id == "<root-1@acme.example>"
    assert message.body == "Can you approve the budget?"


def test_reply_threads_to_the_root_by_references() -> None:
    raw = b"""\
From: cto@acme.example
To: ana@acme.example
Subject: Re: Budget
Message-ID: <reply-2@acme.example>
In-Reply-To: <reply-1@acme.example>
References: <root-1@acme.example> <reply-1@acme.example>

ok
"""
    message = parse(raw)
    assert message.in_reply_to == "<reply-1@acme.example>"
    assert message.references == ("<root-1@acme.example>", "<reply-1@acme.example>")
    assert message.thread_id == "<root-1@acme.example>"
    assert message.from_me and not message.is_direct


def test_thread_falls_back_to_the_subject() -> None:
    assert thread_root("", "", (), "RE: Fwd: Launch  plan") == "subject:launch plan"
    assert thread_root("<a@x>", "<b@x>", (), "Re: x") == "<b@x>"
    assert thread_root("<a@x>", "", (), "Re: Launch plan") == "subject:launch plan"


@pytest.mark.parametrize(
    "header",
    [
        b"List-Id: <dev.lists.acme.example>",
        b"List-Unsubscribe: <mailto:leave@lists.acme.example>",
        b"Precedence: bulk",
        b"Auto-Submitted: auto-generated",
    ],
)
def test_bulk_headers_mark_list_mail(header: bytes) -> None:
    raw = b"From: news@acme.example\nTo: cto@acme.example\n" + header + b"\nSubject: x\n\nhi\n"
    assert parse(raw).is_list


def test_no_reply_sender_is_list_mail() -> None:
    raw = b"From: Builds <no-reply+ci@acme.example>\nTo: cto@acme.example\nSubject: x\n\nhi\n"
    assert parse(raw).is_list


def test_html_only_mail_becomes_readable_text_without_remote_content() -> None:
    raw = b"""\
From: news@acme.example
To: cto@acme.example
Subject: Weekly
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><head><style>p{color:red}</style></head><body>
<h1>Release</h1><p>Version <b>2.0</b> is out.</p>
<img src="https://tracker.example.com/pixel.gif" alt="">
<p><a href="https://acme.example/notes">Notes</a></p></body></html>
"""
    body = parse(raw).body
    assert "Release" in body and "Version 2.0 is out." in body
    assert "<p>" not in body and "color:red" not in body
    assert "pixel.gif" not in body
    assert "https://acme.example/notes" in body


def test_multipart_prefers_plain_and_lists_attachments() -> None:
    raw = b"""\
From: ana@acme.example
To: cto@acme.example
Subject: Contract
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XX"

--XX
Content-Type: multipart/alternative; boundary="YY"

--YY
Content-Type: text/plain; charset=utf-8

Plain version.
--YY
Content-Type: text/html; charset=utf-8

<p>HTML version.</p>
--YY--
--XX
Content-Type: application/pdf; name="contract.pdf"
Content-Disposition: attachment; filename="contract.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--XX
Content-Type: image/png
Content-Disposition: attachment; filename*=utf-8''%C3%A9t%C3%A9.png
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--XX--
"""
    message = parse(raw)
    assert message.body == "Plain version."
    assert [(a.name, a.content_type, a.size) for a in message.attachments] == [
        ("contract.pdf", "application/pdf", 9),
        ("été.png", "image/png", 8),
    ]


def test_snippet_only_cuts_the_body() -> None:
    raw = b"From: a@acme.example\nSubject: long\n\n" + b"word " * 2000
    message = parse(raw, body_complete=False)
    assert not message.body_complete
    assert len(message.body) <= 2000


def test_missing_headers_use_fallbacks() -> None:
    message = parse(b"no headers at all, just text\n")
    assert message.received_at == ARRIVED
    assert message.sender_address == "" and message.subject == ""
    assert message.thread_id.startswith("subject:")


def _corpus() -> list[Path]:
    try:
        import test  # type: ignore[import-not-found]  # the CPython test package, absent in some distributions
    except ImportError:
        return []
    folder = Path(os.path.dirname(test.__file__)) / "test_email" / "data"
    return sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []


@pytest.mark.skipif(not _corpus(), reason="this Python lacks CPython's test_email data")
def test_cpython_email_corpus_parses_without_exceptions() -> None:
    for path in _corpus():
        message = parse(path.read_bytes())
        assert isinstance(message.subject, str) and isinstance(message.body, str), path


def _inert(text: str) -> None:
    assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
    assert not any(ord(c) < 32 and c not in "\n" for c in text)


HOSTILE = [
    b'From: "\x1b]52;c;cHduZWQ=\x07[bold red]Boss[/]" <boss@evil.example>\n'
    b"Subject: [link=https://evil.example]click[/link] \x1b[2J\x1b[31mred\n\n"
    b"\x1b]0;title\x07body [b]x[/b]\n",
    b"From: =?utf-8?b?4oCuZXZpbA==?= <a@evil.example>\nSubject: =?utf-8?q?=E2=80=AEtxt.exe?=\n\n"
    b"\xe2\x80\xaeabc\n",
    b"From: a@evil.example\nSubject: " + b"A" * 1_000_000 + b"\n\nbody\n",
    b"From: a@evil.example\nSubject: =?no-such-charset?q?=FF=FE?=\n"
    b"Content-Type: text/plain; charset=klingon\n\n\xff\xfe\xfd broken\n",
    b"From: a@evil.example\nSubject: =?utf-8?b?!!!notbase64?=\n"
    b'Content-Type: multipart/mixed; boundary="never"\n\n--wrong\nno end\n',
    b"From: a@evil.example\nContent-Type: text/plain; charset=utf-8\n"
    b"Content-Transfer-Encoding: base64\n\n!!!not base64 at all\x00\n",
    b"From: <<<>>>@@@\nTo: ,,,;;;\nDate: yesterday-ish\nMessage-ID: <<<\n"
    b"References: <a@b> <a@b> garbage\n\n\x00\x01\x02\n",
]


@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_mail_is_inert_after_sanitizing(raw: bytes) -> None:
    message = parse(raw)
    for value in (message.subject, message.sender_name, message.sender_address):
        line = clean_line(value)
        _inert(line)
        assert Text(line).plain == line  # shown as plain text: markup stays literal
    _inert(clean_text(message.body))


def test_markup_in_subject_stays_literal() -> None:
    message = parse(HOSTILE[0])
    line = clean_line(message.subject)
    assert "[link=https://evil.example]click[/link]" in line
    assert Text(line).spans == []
