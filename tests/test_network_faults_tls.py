"""TLS certificate faults of the mail sources against real servers on 127.0.0.1.

Dovecot (IMAP, STARTTLS and its TLS port) and aiosmtpd (SMTP, STARTTLS and
implicit TLS) serve a certificate that is self-signed, expired or issued for
another name, or speak plain text where TLS is expected. The IMAP source syncs
through the real scheduler beside a healthy demo source and ends with one line
in plain words, a retry time and its earlier data kept; a reply sent through
SMTP stays queued with one line while the Maildir source still syncs. Trusting
the server's own certificate with `ca_file` makes the self-signed case work.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mailserver import PASSWORD, USER, Dovecot, need_dovecot, running_dovecot, running_smtp
from network_faults_certs import OTHER_NAME, CertKit, make_kit
from network_faults_workspace import (
    TOKEN,
    faulty_status,
    no_dns,
    open_with_faulty,
    run_sync,
    seed_earlier_sync,
)
from test_imap_adapter import mail

from ctotui.clock import FixedClock
from ctotui.model import ActionKind, OutboxAction
from ctotui.store.inbox import InboxSplit, MessageQuery
from ctotui.sync import SyncEngine
from ctotui.workspace import open_workspace

__all__ = ["no_dns"]  # fixture used below

pytest.importorskip("cryptography", reason="the certificate tests make certificates with it")

# certificate kind -> words of the one line ("{where}" is host:port)
CERTIFICATE_FAULTS: dict[str, tuple[str, ...]] = {
    "self-signed": (
        "TLS handshake failed with {where}",
        "certificate not trusted (self-signed)",
        "set ca_file",
    ),
    "expired": ("TLS handshake failed with {where}", "certificate expired", "renew"),
    "other-name": (
        "TLS handshake failed with {where}",
        f"certificate is for {OTHER_NAME}, not 127.0.0.1",
    ),
}
PLAIN_TEXT = ("TLS handshake failed with {where}", "answered in plain text, not TLS")


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> CertKit:
    return make_kit(tmp_path_factory.mktemp("tls-kit"))


@pytest.fixture(scope="module")
def dovecot_with(kit: CertKit) -> Iterator[Callable[[str], Dovecot]]:
    """A Dovecot serving the kit's certificate of a kind, started once per kind."""
    binary = need_dovecot()
    started: dict[str, Dovecot] = {}
    with contextlib.ExitStack() as stack:

        def get(kind: str) -> Dovecot:
            if kind not in started:
                certificate = kit.certificates[kind]
                started[kind] = stack.enter_context(running_dovecot(binary, certificate))
            return started[kind]

        yield get


def imap_keys(port: int, security: str, ca_file: str = "") -> str:
    trust = f'\nca_file = "{ca_file}"' if ca_file else ""
    return (
        f'adapter = "imap"\nhost = "127.0.0.1"\nport = {port}\nsecurity = "{security}"\n'
        f'username = "{USER}"\npassword = {{ env = "FAULT_TOKEN" }}{trust}'
    )


def imap_port(server: Dovecot, security: str) -> int:
    return server.tls_port if security == "tls" else server.port


@pytest.mark.parametrize("security", ["tls", "starttls"])
@pytest.mark.parametrize("kind", sorted(CERTIFICATE_FAULTS))
def test_imap_certificate_fault_in_plain_words(
    kind: str,
    security: str,
    kit: CertKit,
    dovecot_with: Callable[[str], Dovecot],
    tmp_path: Path,
    clock: FixedClock,
    no_dns: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = dovecot_with(kind)
    port = imap_port(server, security)
    # Only the self-signed case goes untrusted: the others trust the CA that issued them.
    ca_file = "" if kind == "self-signed" else kit.ca_file
    workspace = open_with_faulty(tmp_path, clock, imap_keys(port, security, ca_file))
    try:
        seed_earlier_sync(workspace, clock)
        outcomes = run_sync(workspace, clock)  # checks the faulty source has a retry time
        assert outcomes["demo"].ok and not outcomes["faulty"].ok
        where = f"127.0.0.1:{port}"
        words = ("IMAP", *(w.format(where=where) for w in CERTIFICATE_FAULTS[kind]))
        faulty_status(workspace, words)
    finally:
        workspace.close()
    assert TOKEN not in caplog.text


def test_imap_tls_to_a_plain_text_port_says_so(
    dovecot_with: Callable[[str], Dovecot], tmp_path: Path, clock: FixedClock, no_dns: None
) -> None:
    server = dovecot_with("good")
    workspace = open_with_faulty(tmp_path, clock, imap_keys(server.port, "tls"))
    try:
        seed_earlier_sync(workspace, clock)
        run_sync(workspace, clock)
        faulty_status(
            workspace, ("IMAP", *(w.format(where=f"127.0.0.1:{server.port}") for w in PLAIN_TEXT))
        )
    finally:
        workspace.close()


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_ca_file_trusts_a_self_signed_imap_server(
    security: str,
    dovecot_with: Callable[[str], Dovecot],
    kit: CertKit,
    tmp_path: Path,
    clock: FixedClock,
    no_dns: None,
) -> None:
    server = dovecot_with("self-signed")
    own = str(kit.certificates["self-signed"].cert)
    assert server.ca_file == own
    server.deliver(mail(1 if security == "tls" else 2))
    client = server.connect()
    try:
        held = int(client.select("INBOX")[1][0] or 0)
    finally:
        client.logout()
    keys = imap_keys(imap_port(server, security), security, own).replace(
        '{ env = "FAULT_TOKEN" }', f'"{PASSWORD}"'
    )
    workspace = open_with_faulty(tmp_path, clock, keys)
    try:
        outcomes = run_sync(workspace, clock)
        assert outcomes["faulty"].ok, outcomes["faulty"]
        count = workspace.store.count_messages(MessageQuery(split=InboxSplit.ALL, source="faulty"))
        assert count == held
    finally:
        workspace.close()


# -- SMTP ---------------------------------------------------------------------

MAIL = (
    f"From: CTO <{USER}>\nTo: ana@acme.example\nSubject: Re: Budget\n"
    "Message-ID: <r1@acme.example>\nDate: Wed, 18 Nov 2026 09:30:00 +0000\n\nApproved.\n"
)


def send_reply(
    tmp_path: Path, clock: FixedClock, port: int, security: str, ca_file: str = ""
) -> str:
    """Queue a reply on a Maildir source sending through port; flush; the action's last error."""
    root = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    trust = f'ca_file = "{ca_file}"\n' if ca_file else ""
    config = tmp_path / "config.toml"
    config.write_text(
        f'[[sources]]\nname = "mail"\nadapter = "maildir"\npath = "{root}"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nsmtp_security = "{security}"\n'
        f'smtp_username = "{USER}"\nsmtp_password = "{PASSWORD}"\n{trust}',
        encoding="utf-8",
    )
    workspace = open_workspace(
        config_arg=str(config), data_dir_arg=str(tmp_path / "data"), demo=False, clock=clock
    )
    try:
        assert not workspace.config.problems, workspace.config.problems
        store = workspace.store
        store.enqueue(OutboxAction("mail", ActionKind.SEND, "", clock.now(), payload=MAIL))
        engine = SyncEngine(store, workspace.config, clock)
        applied, failed = asyncio.run(engine.flush_outbox())
        pending = store.pending_actions("mail")
        [outcome] = asyncio.run(engine.sync_all())  # the source itself still syncs
        assert outcome.ok, outcome
    finally:
        workspace.close()
    if failed == 0:
        assert applied == 1 and pending == []
        return ""
    [action] = pending  # still queued: the next flush tries again
    assert action.last_error and "\n" not in action.last_error
    return action.last_error


@pytest.mark.parametrize("security", ["tls", "starttls"])
@pytest.mark.parametrize("kind", sorted(CERTIFICATE_FAULTS))
def test_smtp_certificate_fault_keeps_the_reply_queued(
    kind: str, security: str, kit: CertKit, tmp_path: Path, clock: FixedClock
) -> None:
    ca_file = "" if kind == "self-signed" else kit.ca_file
    implicit = security == "tls"
    with running_smtp(kit.certificates[kind], implicit_tls=implicit) as server:
        line = send_reply(tmp_path, clock, server.port, security, ca_file)
        assert server.received == [] and server.logins == []  # no password went out
    where = f"127.0.0.1:{server.port}"
    for word in ("SMTP", *(w.format(where=where) for w in CERTIFICATE_FAULTS[kind])):
        assert word in line, (word, line)
    assert PASSWORD not in line


def test_smtp_tls_to_a_plain_text_port_says_so(tmp_path: Path, clock: FixedClock) -> None:
    with running_smtp() as server:
        line = send_reply(tmp_path, clock, server.port, "tls")
    for word in ("SMTP", *(w.format(where=f"127.0.0.1:{server.port}") for w in PLAIN_TEXT)):
        assert word in line, (word, line)


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_ca_file_trusts_a_self_signed_smtp_server(
    security: str, kit: CertKit, tmp_path: Path, clock: FixedClock
) -> None:
    certificate = kit.certificates["self-signed"]
    with running_smtp(certificate, implicit_tls=security == "tls") as server:
        line = send_reply(tmp_path, clock, server.port, security, str(certificate.cert))
        assert line == ""
        [received] = server.received
    assert server.logins == [USER]
    sent = email.message_from_bytes(received.data, policy=email.policy.default)
    assert sent["Subject"] == "Re: Budget"
