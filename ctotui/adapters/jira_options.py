"""The options a `jira` source takes, declared as data for config validation and doctor."""

from __future__ import annotations

from ctotui.adapters.base import OptionSpec, OptionType
from ctotui.adapters.blocked import DEFAULT_BLOCKED_LABELS, DEFAULT_BLOCKED_STATUSES

JIRA_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "base_url",
        OptionType.URL,
        "The site, e.g. https://acme.atlassian.net or https://jira.acme.example",
        required=True,
    ),
    OptionSpec(
        "deployment",
        OptionType.STRING,
        "cloud (REST v3, email + API token) or datacenter (REST v2, personal access token)",
        default="cloud",
        choices=("cloud", "datacenter"),
    ),
    OptionSpec(
        "email",
        OptionType.STRING,
        "Cloud only: the Atlassian account e-mail the API token belongs to",
        default="",
    ),
    OptionSpec(
        "token",
        OptionType.STRING,
        "Cloud: an API token; Data Center: a personal access token",
        required=True,
        secret=True,
    ),
    OptionSpec(
        "jql",
        OptionType.STRING_LIST,
        'Named sections, each "name: JQL", e.g. "api: project = API AND resolution is EMPTY"',
        required=True,
    ),
    OptionSpec(
        "flagged_field",
        OptionType.STRING,
        'Id of the "Flagged" field (flagged issues count as blocked); "" to ignore flags',
        default="customfield_10021",
    ),
    OptionSpec(
        "estimate_field",
        OptionType.STRING,
        'Id of the estimate field: story points (e.g. "customfield_10016") or'
        ' "timeoriginalestimate" (shown in hours); "" for none',
        default="customfield_10016",
    ),
    OptionSpec(
        "sprint_field",
        OptionType.STRING,
        'Id of the Sprint field (agile Sprint objects); "" for none',
        default="customfield_10020",
    ),
    OptionSpec(
        "boards",
        OptionType.STRING_LIST,
        "Board ids (from the board URL) whose active and future sprints name the"
        " issues' sprint, read from the agile API; empty: the Sprint field only",
        default=[],
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
        "Status names that mean blocked",
        default=list(DEFAULT_BLOCKED_STATUSES),
    ),
    OptionSpec(
        "page_size",
        OptionType.INTEGER,
        "Issues per request (1-100)",
        default=50,
    ),
)
