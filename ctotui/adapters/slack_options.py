"""The options a `slack` source takes, as data.

Config validation reads them without importing the adapter or its libraries,
so naming this source in the config adds nothing to start-up.
"""

from __future__ import annotations

from ctotui.adapters.base import OptionSpec, OptionType

DEFAULT_BASE_URL = "https://slack.com/api/"

SLACK_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "token",
        OptionType.STRING,
        "A user token (xoxp-) or bot token (xoxb-); mention search needs a user token.",
        required=True,
        secret=True,
    ),
    OptionSpec(
        "channels",
        OptionType.STRING_LIST,
        "Channels to watch besides DMs and group DMs, by name (without #) or id.",
        default=[],
    ),
    OptionSpec(
        "user_groups",
        OptionType.STRING_LIST,
        "Ids (S…) of user groups whose mentions count as mentions of me.",
        default=[],
    ),
    OptionSpec(
        "mentions",
        OptionType.BOOLEAN,
        "Search for mentions of me anywhere the token can see (needs search:read).",
        default=True,
    ),
    OptionSpec(
        "ack_emoji",
        OptionType.STRING,
        "Emoji name the react verb adds as an acknowledgement.",
        default="eyes",
    ),
    OptionSpec("days", OptionType.INTEGER, "Days of history the first sync reads.", default=7),
    OptionSpec(
        "base_url",
        OptionType.URL,
        "Web API base URL (for a proxy or tests).",
        default=DEFAULT_BASE_URL,
    ),
)
