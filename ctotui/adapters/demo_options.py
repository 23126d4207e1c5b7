"""The options a `demo` source takes, as data.

Config validation reads them without importing the adapter or its libraries,
so naming this source in the config adds nothing to start-up.
"""

from __future__ import annotations

from ctotui.adapters.base import OptionSpec, OptionType

FEEDS = ("mail", "chat", "tracker")
DEFAULT_SEED = 7
DEFAULT_DAYS = 10

DEMO_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "seed",
        OptionType.INTEGER,
        "Seed of the made-up company: the same seed shows the same inbox and backlog.",
        default=DEFAULT_SEED,
    ),
    OptionSpec(
        "feeds",
        OptionType.STRING_LIST,
        "Which feeds to generate: any of mail, chat, tracker.",
        default=list(FEEDS),
    ),
    OptionSpec(
        "days",
        OptionType.INTEGER,
        "Days of history the first sync creates, ending at the time of that sync.",
        default=DEFAULT_DAYS,
    ),
)
