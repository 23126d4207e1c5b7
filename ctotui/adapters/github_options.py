"""The options a `github` source takes, as data.

Config validation reads them without importing the adapter or its libraries,
so naming this source in the config adds nothing to start-up.
"""

from __future__ import annotations

from ctotui.adapters.base import OptionSpec, OptionType
from ctotui.adapters.blocked import DEFAULT_BLOCKED_LABELS

DEFAULT_BASE_URL = "https://api.github.com"

GITHUB_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "token",
        OptionType.STRING,
        "A personal access token (classic: scopes repo and notifications; "
        "fine-grained: issues, pull requests, checks and metadata read/write).",
        required=True,
        secret=True,
    ),
    OptionSpec(
        "base_url",
        OptionType.URL,
        "The API root; for GitHub Enterprise Server https://HOST/api/v3.",
        default=DEFAULT_BASE_URL,
    ),
    OptionSpec("repos", OptionType.STRING_LIST, 'Repositories as "owner/name".', default=[]),
    OptionSpec(
        "orgs", OptionType.STRING_LIST, "Organizations: every issue you can see.", default=[]
    ),
    OptionSpec(
        "queries",
        OptionType.STRING_LIST,
        'Issue search qualifiers, e.g. "repo:acme/api is:open label:bug".',
        default=[],
    ),
    OptionSpec(
        "notifications",
        OptionType.BOOLEAN,
        "Review requests, mentions and assignments become inbox messages.",
        default=True,
    ),
    OptionSpec(
        "blocked_labels",
        OptionType.STRING_LIST,
        "Labels that mark an item blocked.",
        default=list(DEFAULT_BLOCKED_LABELS),
    ),
    OptionSpec(
        "login",
        OptionType.STRING,
        "Your GitHub login for assign-to-me; default: your [people] github login, "
        "else asked from the API.",
        default="",
    ),
    OptionSpec("page_size", OptionType.INTEGER, "Items per page (1-100).", default=50),
)
