"""Sending composed replies over SMTP to a real server on loopback (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

import pytest
from mailserver import PASSWORD, USER, SmtpServer, smtp_server, smtp_tls_server

from ctotui.adapters.mail_send import SmtpSettings, send
from ctotui.compose import editor_text_to_message, reply_draft
from ctotui.errors import AdapterError
from ctotui.model import Message, MessageKind

__all__ = ["smtp_server", "smtp_tls_server"]  # fixtures used below

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def reply_payload() -> str:
    original = Message(
        source="work",
        remote_id="INBOX/1/7",
        kind=MessageKind.MAIL,
        folder="INBOX",
        sender_name="Ana Lopez",
        sender_address="ana@acme.example",
        subject="Budget for Q1",
        body="Can you approve it?",
        received_at=datetime(2026, 11, 17, 15, 5, tzinfo=UTC),
        recipients=(USER,),
        cc=("ben@acme.example",),
        message_id="<m2@acme.example>",
        references=("<m1@acme.example>",),
    )
    draft = reply_draft(original, me=(USER,), reply_all=True)
    text = (
        "To: ana@acme.example\nCc: ben@acme.example\nBcc: audit@acme.example\n"
        "Subject: Re: Budget for Q1\n\nApproved.\n\n" + draft.body
    )
    message = editor_text_to_message(text, draft, sender=f"CTO <{USER}>", now=NOW)
    return message.as_string()


def settings(server: SmtpServer, **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": server.port,
        "smtp_security": "plain",
        "username": USER,
        "password": PASSWORD,
    }
    values.update(changes)
    return values


async def test_reply_arrives_with_threading_headers(smtp_server: SmtpServer) -> None:
    sent_copy = await send("work", settings(smtp_server), reply_payload())
    assert smtp_server.logins == [USER]
    [received] = smtp_server.received
    assert received.mail_from == USER
    assert received.rcpt_tos == ["ana@acme.example", "ben@acme.example", "audit@acme.example"]
    message = email.message_from_bytes(received.data, policy=email.policy.default)
    assert message["Subject"] == "Re: Budget for Q1"
    assert message["In-Reply-To"] == "<m2@acme.example>"
    assert message["References"] == "<m1@acme.example> <m2@acme.example>"
    assert message["Date"] == "Wed, 18 Nov 2026 09:30:00 +0000"
    assert message["Message-ID"].endswith("@acme.example>")
    assert "Bcc" not in message  # blind copies stay blind
    assert "Approved." in message.get_content()
    assert b"Bcc: audit@acme.example" in sent_copy  # but the Sent copy remembers them
    assert b"\r\n" in sent_copy


async def test_starttls_with_the_servers_certificate(smtp_tls_server: SmtpServer) -> None:
    values = settings(smtp_tls_server, smtp_security="starttls", ca_file=smtp_tls_server.ca_file)
    await send("work", values, reply_payload())
    assert len(smtp_tls_server.received) == 1 and smtp_tls_server.logins == [USER]


async def test_starttls_refuses_an_untrusted_certificate(smtp_tls_server: SmtpServer) -> None:
    values = settings(smtp_tls_server, smtp_security="starttls")
    with pytest.raises(AdapterError, match=r"certificate not trusted \(self-signed\); set ca_file"):
        await send("work", values, reply_payload())
    assert smtp_tls_server.received == []


async def test_wrong_password_is_a_clear_error(smtp_server: SmtpServer) -> None:
    with pytest.raises(AdapterError, match="rejected the login") as raised:
        await send("work", settings(smtp_server, smtp_password="wrong"), reply_payload())
    assert "wrong" not in raised.value.message
    assert smtp_server.received == []


def test_plain_is_refused_for_remote_hosts() -> None:
    with pytest.raises(AdapterError, match="only for loopback"):
        SmtpSettings.from_settings(
            "work", {"smtp_host": "smtp.example.com", "smtp_security": "plain"}
        )
    with pytest.raises(AdapterError, match="no smtp_host"):
        SmtpSettings.from_settings("work", {})
    defaults = SmtpSettings.from_settings(
        "work", {"smtp_host": "smtp.example.com", "username": "u", "password": "p"}
    )
    assert (defaults.port, defaults.security, defaults.username, defaults.password) == (
        587,
        "starttls",
        "u",
        "p",
    )


def test_the_accounts_sender_comes_from_its_options_or_me() -> None:
    from ctotui.adapters.mail_account import my_addresses
    from ctotui.adapters.mail_send import sender
    from ctotui.model import Person

    me = Person("me", "Sam, CTO", emails=("sam@acme.example",))
    assert sender({"address": USER}, me) == f'"Sam, CTO" <{USER}>'
    assert sender({"username": USER, "sender_name": "Sam"}, None) == f"Sam <{USER}>"
    assert sender({"username": "sam"}, me) == '"Sam, CTO" <sam@acme.example>'
    assert sender({}, None) == ""
    assert my_addresses({"address": USER, "username": "x@acme.example"}, me) == [
        USER,
        "x@acme.example",
        "sam@acme.example",
    ]
