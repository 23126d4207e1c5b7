"""What every mail account declares: its identity and folders, SMTP and OAuth options.

Declarations and two small rules only (whose addresses are mine, which hosts are
loopback), so that loading a config naming a mail source imports no mail
library: `mail_send` (smtplib, email) loads when mail is first sent.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from ctotui.adapters.base import OptionSpec, OptionType
from ctotui.model import Person

SMTP_SECURITY_CHOICES = ("starttls", "tls", "plain")
PROVIDERS = ("google", "microsoft")
TOKEN_STORES = ("auto", "keyring", "file")

SMTP_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "smtp_host",
        OptionType.STRING,
        "SMTP server for sending replies and forwards; empty: sending is off (drafts still work).",
        default="",
    ),
    OptionSpec(
        "smtp_port",
        OptionType.INTEGER,
        "SMTP port; 0 picks 587 (starttls) or 465 (tls).",
        default=0,
    ),
    OptionSpec(
        "smtp_security",
        OptionType.STRING,
        "starttls, tls, or plain (plain is refused unless smtp_host is a loopback address).",
        default="starttls",
        choices=SMTP_SECURITY_CHOICES,
    ),
    OptionSpec("smtp_username", OptionType.STRING, "SMTP login; default: username.", default=""),
    OptionSpec(
        "smtp_password",
        OptionType.STRING,
        "SMTP password; default: password.",
        secret=True,
        default="",
    ),
    OptionSpec(
        "ca_file",
        OptionType.PATH,
        "Extra CA certificate (PEM) to trust for TLS, e.g. a self-hosted server's own.",
        default="",
    ),
)


IDENTITY_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "address",
        OptionType.STRING,
        "Your address on this account (the From of replies; marks mail sent to or by you); "
        "default: username if it is an address, else the first email of `me`.",
        default="",
    ),
    OptionSpec(
        "sender_name",
        OptionType.STRING,
        "Display name on mail you send; default: the name of `me`.",
        default="",
    ),
    OptionSpec(
        "archive_folder",
        OptionType.STRING,
        "Where archive (done) moves a message.",
        default="Archive",
    ),
    OptionSpec("drafts_folder", OptionType.STRING, "Where drafts are saved.", default="Drafts"),
    OptionSpec(
        "sent_folder",
        OptionType.STRING,
        "Where a copy of sent mail is kept; empty when the server keeps one itself.",
        default="Sent",
    ),
)


def my_addresses(settings: Mapping[str, Any], me: Person | None) -> list[str]:
    """The user's addresses for this account: `address`, a mail-like username, `me`'s emails."""
    found = [str(settings.get("address") or "")]
    username = str(settings.get("username") or "")
    if "@" in username:
        found.append(username)
    if me is not None:
        found.extend(me.emails)
    return list(dict.fromkeys(a for a in found if a))


def is_loopback(host: str) -> bool:
    """True for localhost and loopback IPs: the only hosts spoken to without TLS."""
    if host.strip().lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


OAUTH_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "oauth",
        OptionType.STRING,
        "Sign in with OAuth 2 (google or microsoft) instead of a password: "
        "run `ctotui auth login SOURCE` once; tokens are refreshed automatically.",
        default="",
        choices=PROVIDERS,
    ),
    OptionSpec(
        "oauth_client_id",
        OptionType.STRING,
        "The client (application) id of your OAuth app registration.",
        default="",
    ),
    OptionSpec(
        "oauth_client_secret",
        OptionType.STRING,
        "Google only: the client secret of the Desktop app client.",
        secret=True,
        default="",
    ),
    OptionSpec(
        "oauth_tenant",
        OptionType.STRING,
        "Microsoft only: tenant id or domain, or organizations / consumers / common.",
        default="organizations",
    ),
    OptionSpec(
        "oauth_authority",
        OptionType.URL,
        "Identity provider base URL; empty: the provider's own "
        "(e.g. https://login.microsoftonline.us for a national cloud).",
        default="",
    ),
    OptionSpec(
        "oauth_token_store",
        OptionType.STRING,
        "Where the refresh token is kept: keyring, file (mode 0600 in the data dir), "
        "or auto (the keyring when one is available, else the file).",
        default="auto",
        choices=TOKEN_STORES,
    ),
)
