"""The options a `imap` source takes, as data.

Config validation reads them without importing the adapter or its libraries,
so naming this source in the config adds nothing to start-up.
"""

from __future__ import annotations

from ctotui.adapters.base import OptionSpec, OptionType
from ctotui.adapters.mail_account import IDENTITY_OPTIONS, OAUTH_OPTIONS, SMTP_OPTIONS

SECURITY_CHOICES = ("tls", "starttls", "plain")
DEFAULT_BATCH = 200

IMAP_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec("host", OptionType.STRING, "IMAP server host name.", required=True),
    OptionSpec("port", OptionType.INTEGER, "IMAP port; 0 picks 993 (tls) or 143.", default=0),
    OptionSpec(
        "security",
        OptionType.STRING,
        "tls, starttls, or plain (plain is refused unless host is a loopback address).",
        default="tls",
        choices=SECURITY_CHOICES,
    ),
    OptionSpec("username", OptionType.STRING, "Login name.", required=True),
    OptionSpec("password", OptionType.STRING, "Password (LOGIN).", secret=True, default=""),
    OptionSpec(
        "oauth_token",
        OptionType.STRING,
        "OAuth 2 access token; when set, XOAUTH2 is used instead of the password.",
        secret=True,
        default="",
    ),
    OptionSpec("folders", OptionType.STRING_LIST, "Folders to watch.", default=["INBOX"]),
    OptionSpec(
        "batch_size",
        OptionType.INTEGER,
        "Messages per page on a first sync (headers and a snippet each).",
        default=DEFAULT_BATCH,
    ),
    *IDENTITY_OPTIONS,
    *SMTP_OPTIONS,
    *OAUTH_OPTIONS,
)
