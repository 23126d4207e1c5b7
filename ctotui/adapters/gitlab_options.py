"""The options a `gitlab` source takes, as data.

Config validation reads them without importing the adapter or its libraries,
so naming this source in the config adds nothing to start-up.
"""

from __future__ import annotations

from ctotui.adapters.base import OptionSpec, OptionType
from ctotui.adapters.blocked import DEFAULT_BLOCKED_LABELS

DEFAULT_BASE_URL = "https://gitlab.com/api/v4"

GITLAB_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "token",
        OptionType.STRING,
        "A personal, group or project access token with scope api (read_api: no actions).",
        required=True,
        secret=True,
    ),
    OptionSpec(
        "base_url",
        OptionType.URL,
        "The API root; self-hosted: https://HOST/api/v4.",
        default=DEFAULT_BASE_URL,
    ),
    OptionSpec(
        "projects", OptionType.STRING_LIST, 'Projects as "group/project" or ids.', default=[]
    ),
    OptionSpec("groups", OptionType.STRING_LIST, "Groups (with subgroups).", default=[]),
    OptionSpec(
        "blocked_labels",
        OptionType.STRING_LIST,
        "Labels that mark an item blocked.",
        default=list(DEFAULT_BLOCKED_LABELS),
    ),
    OptionSpec("page_size", OptionType.INTEGER, "Items per page (1-100).", default=50),
)
