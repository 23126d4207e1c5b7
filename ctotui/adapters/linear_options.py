"""The options a `linear` source takes, as data.

Config validation reads them without importing the adapter or its libraries,
so naming this source in the config adds nothing to start-up.
"""

from __future__ import annotations

from ctotui.adapters.base import OptionSpec, OptionType
from ctotui.adapters.blocked import DEFAULT_BLOCKED_LABELS, DEFAULT_BLOCKED_STATUSES

DEFAULT_URL = "https://api.linear.app/graphql"

LINEAR_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "token",
        OptionType.STRING,
        "A personal API key (Settings > Security & access), or an OAuth access token",
        required=True,
        secret=True,
    ),
    OptionSpec(
        "api_url",
        OptionType.URL,
        "The GraphQL endpoint",
        default=DEFAULT_URL,
    ),
    OptionSpec(
        "teams",
        OptionType.STRING_LIST,
        'Team keys to sync, e.g. ["ENG", "OPS"]; empty: every team the key can see',
        default=[],
    ),
    OptionSpec(
        "history_days",
        OptionType.INTEGER,
        "The first sync reads issues updated in this many days; 0: every issue",
        default=90,
    ),
    OptionSpec(
        "blocked_labels",
        OptionType.STRING_LIST,
        "Labels that mark an issue as blocked",
        default=list(DEFAULT_BLOCKED_LABELS),
    ),
    OptionSpec(
        "blocked_statuses",
        OptionType.STRING_LIST,
        "Workflow state names that mean blocked",
        default=list(DEFAULT_BLOCKED_STATUSES),
    ),
    OptionSpec("page_size", OptionType.INTEGER, "Issues per request (1-50)", default=25),
)
