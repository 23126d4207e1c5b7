"""The options a `maildir` source takes, as data.

Config validation reads them without importing the adapter or its libraries,
so naming this source in the config adds nothing to start-up.
"""

from __future__ import annotations

from ctotui.adapters.base import OptionSpec, OptionType
from ctotui.adapters.mail_account import IDENTITY_OPTIONS, OAUTH_OPTIONS, SMTP_OPTIONS

MAILDIR_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec("path", OptionType.PATH, "The Maildir tree's root folder.", required=True),
    OptionSpec(
        "folders",
        OptionType.STRING_LIST,
        "Folders to read; INBOX is the root (Maildir++) or its INBOX folder.",
        default=["INBOX"],
    ),
    *IDENTITY_OPTIONS,
    *SMTP_OPTIONS,
    OptionSpec(
        "oauth_token",
        OptionType.STRING,
        "OAuth 2 access token for SMTP; when set, XOAUTH2 is used instead of the password.",
        secret=True,
        default="",
    ),
    *OAUTH_OPTIONS,
)
