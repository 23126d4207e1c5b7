"""Reply / forward drafts, the editor round trip and the headers of the final message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ctotui.compose import (
    Draft,
    draft_to_editor_text,
    editor_text_to_message,
    forward_draft,
    recipients_of,
    reply_draft,
    reply_subject,
)
from ctotui.model import Message, MessageKind

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
ME = ("cto@acme.example",)


def original(**changes: object) -> Message:
    message = Message(
        source="work",
        remote_id="INBOX/1/7",
        kind=MessageKind.MAIL,
        folder="INBOX",
        sender_name="Ana Lopez",
        sender_address="ana@acme.example",
        subject="Budget for Q1",
        body="Can you approve it?\n\nThanks",
        received_at=datetime(2026, 11, 17, 15, 5, tzinfo=UTC),
        recipients=("cto@acme.example", "ben@acme.example"),
        cc=("eli@acme.example", "CTO@acme.example"),
        message_id="<m2@acme.example>",
        references=("<m1@acme.example>",),
    )
    for key, value in changes.items():
        setattr(message, key, value)
    return message


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Budget", "Re: Budget"),
        ("Re: Budget", "Re: Budget"),
        ("RE: x", "RE: x"),
        ("Fwd: x", "Re: Fwd: x"),
        ("  Re:  x ", "Re: x"),
    ],
)
def test_reply_subject_never_doubles_re(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected


def test_reply_quotes_with_attribution_and_threads() -> None:
    draft = reply_draft(original(), me=ME)
    assert draft.to == ("ana@acme.example",)
    assert draft.cc == ()
    assert draft.subject == "Re: Budget for Q1"
    assert draft.in_reply_to == "<m2@acme.example>"
    assert draft.references == ("<m1@acme.example>", "<m2@acme.example>")
    assert "Ana Lopez <ana@acme.example> wrote:\n> Can you approve it?\n>\n> Thanks" in draft.body


def test_reply_all_copies_everyone_but_me() -> None:
    draft = reply_draft(original(), me=ME, reply_all=True)
    assert draft.to == ("ana@acme.example",)
    assert draft.cc == ("ben@acme.example", "eli@acme.example")


def test_reply_to_my_own_message_goes_to_its_recipients() -> None:
    mine = original(sender_address="cto@acme.example", from_me=True)
    assert reply_draft(mine, me=ME).to == ("cto@acme.example", "ben@acme.example")


def test_drafts_carry_no_escape_sequences_from_hostile_mail() -> None:
    hostile = original(
        subject="Re: [b]hi[/b] \x1b]0;pwned\x07\u202eexe",
        sender_name="\x1b[31mBoss",
        body="line\x1b[2J\x07 two",
    )
    for draft in (reply_draft(hostile, me=ME), forward_draft(hostile)):
        text = draft_to_editor_text(draft)
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "[b]hi[/b]" in text
    assert reply_draft(hostile, me=ME).subject == "Re: [b]hi[/b] exe"


def test_forward_keeps_the_original_inline() -> None:
    draft = forward_draft(original(subject="Fwd: Budget"))
    assert draft.to == () and draft.subject == "Fwd: Budget"
    assert "From: Ana Lopez <ana@acme.example>" in draft.body
    assert "Can you approve it?" in draft.body
    assert forward_draft(original()).subject == "Fwd: Budget for Q1"


def test_editor_round_trip_builds_a_threaded_message() -> None:
    draft = reply_draft(original(), me=ME, reply_all=True)
    text = draft_to_editor_text(draft)
    assert text.startswith("To: ana@acme.example\nCc: ben@acme.example, eli@acme.example\n")
    edited = text.replace("\n\n", "\n\nApproved.\n", 1)
    message = editor_text_to_message(edited, draft, sender="CTO <cto@acme.example>", now=NOW)
    assert message["From"] == "CTO <cto@acme.example>"
    assert message["Subject"] == "Re: Budget for Q1"
    assert message["In-Reply-To"] == "<m2@acme.example>"
    assert message["References"] == "<m1@acme.example> <m2@acme.example>"
    assert message["Date"] == "Wed, 18 Nov 2026 09:30:00 +0000"
    assert message["Message-ID"].endswith("@acme.example>")
    body = message.get_content()
    assert body.startswith("Approved.\n") and "> Can you approve it?" in body
    assert recipients_of(message) == ["ana@acme.example", "ben@acme.example", "eli@acme.example"]


def test_edited_headers_win_and_continuations_join() -> None:
    draft = Draft(to=("a@acme.example",), subject="Old")
    text = (
        'to: "Lee, Sam" <sam@acme.example>,\n  b@acme.example\n'
        "Subject: New one\nBcc: c@acme.example\n\nHi\n"
    )
    message = editor_text_to_message(text, draft, sender="cto@acme.example", now=NOW)
    assert message["To"] == '"Lee, Sam" <sam@acme.example>, b@acme.example'
    assert message["Subject"] == "New one"
    assert recipients_of(message)[-1] == "c@acme.example"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("To:\nCc:\nSubject: x\n\nbody", "No recipient"),
        ("To: not-an-address\nSubject: x\n\nbody", "is not an email address"),
        ("To: a@acme.example\nFrom: me@evil.example\n\nbody", "not one of To, Cc, Bcc, Subject"),
    ],
)
def test_bad_edits_raise_a_human_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        editor_text_to_message(text, Draft(), sender="cto@acme.example", now=NOW)
