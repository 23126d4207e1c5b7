"""The options a `matrix` source takes, as data.

Config validation reads them without importing the adapter or its libraries,
so naming this source in the config adds nothing to start-up.
"""

from __future__ import annotations

from ctotui.adapters.base import OptionSpec, OptionType

MATRIX_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "homeserver",
        OptionType.URL,
        "Homeserver base URL, e.g. https://matrix.acme.example",
        required=True,
    ),
    OptionSpec(
        "user_id",
        OptionType.STRING,
        "Your full user id, e.g. @cto:acme.example.",
        required=True,
    ),
    OptionSpec(
        "access_token", OptionType.STRING, "An access token (or use password).", secret=True
    ),
    OptionSpec(
        "password", OptionType.STRING, "Password for /login (or use access_token).", secret=True
    ),
    OptionSpec(
        "rooms",
        OptionType.STRING_LIST,
        "Room ids or aliases to watch whole; elsewhere only DMs, mentions and replies.",
        default=[],
    ),
    OptionSpec("ack_emoji", OptionType.STRING, "Reaction the react verb sends.", default="👀"),
    OptionSpec("days", OptionType.INTEGER, "Days of history the first sync keeps.", default=7),
)
