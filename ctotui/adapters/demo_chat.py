"""The demo's chat: direct messages, mentions, thread replies and bot noise.

Chat is where the incident and the mobile release are discussed while mail
catches up; the seed picks which bot messages appear and the exact ages.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

from ctotui.adapters.demo_company import CHAT_URL, ME_LOGIN
from ctotui.adapters.demo_history import History
from ctotui.adapters.demo_templates import DIRECT_CHANNEL, ChatTemplate, chat_identity
from ctotui.model import Message, MessageKind

C = ChatTemplate
DEPLOY_BOT = "Deploy Bot <deploy-bot>"
CI_BOT = "CI <ci-bot>"
MENTION = "@" + ME_LOGIN
SUBJECT_LIMIT = 80
BOT_COUNT = 4

CONVERSATIONS: tuple[ChatTemplate, ...] = (
    C(
        "api-deprecation-doc",
        "#eng-api",
        "ana",
        f"{MENTION} the API v2 deprecation doc is ready, comments welcome before Thursday's "
        "architecture review: https://wiki.acme.example/api/v2-deprecation",
        50,
        read=True,
    ),
    C("design-tokens", "#eng-web", "chloe", "Design tokens are merged. Dark mode next sprint!", 40),
    C(
        "dm-chloe-1on1",
        DIRECT_CHANNEL,
        "chloe",
        "Could we move our 1:1 to Thursday? I'm at the accessibility workshop on Tuesday.",
        30,
    ),
    C(
        "billing-pr",
        "#eng-api",
        "ben",
        f"Billing migration PR is ready for review. {MENTION} you're on it since the schema "
        "change touches invoices; it needs to land before I'm out on Monday.",
        26,
    ),
    C(
        "billing-pr-reply",
        "#eng-api",
        "ana",
        "I looked at the migration part, looks good. The invoice rounding change needs Robin.",
        25,
        thread="billing-pr",
    ),
    C(
        "flaky-e2e",
        "#eng-web",
        "eli",
        "Checkout e2e is flaky again on slow runners, quarantining.",
        20,
    ),
    C(
        "mobile-rejected",
        "#mobile",
        "dara",
        "3.4 got rejected in store review: we need an in-app account deletion screen. "
        "Fix in progress, resubmitting tomorrow.",
        18,
    ),
    C(
        "mobile-rejected-reply",
        "#mobile",
        "farah",
        "I'll regression-test login and signup on the old devices this afternoon.",
        17.5,
        thread="mobile-rejected",
    ),
    C(
        "db-maintenance",
        "#general",
        "gus",
        "Heads-up: managed database maintenance Saturday 02:00-04:00 UTC, one short failover.",
        14,
    ),
    C(
        "dm-farah-signoff",
        DIRECT_CHANNEL,
        "farah",
        "The web 2.12 sign-off checklist is in your inbox. I need your OK on the known "
        "date-picker issue to ship on Friday.",
        6,
    ),
    C(
        "incident-declared",
        "#incidents",
        "gus",
        f"{MENTION} declaring SEV-1: checkout API 502s since the last deploy. I'm incident "
        "commander; Ana and Ben investigating. Need you as decision owner.",
        1.3,
    ),
    C(
        "incident-cause",
        "#incidents",
        "ana",
        "Connection pool at 100%. 4.18.0 halves max connections by default. Rollback or hotfix?",
        1.0,
        thread="incident-declared",
    ),
    C(
        "incident-waiting",
        "#incidents",
        "gus",
        f"{MENTION} waiting on your go/no-go for the rollback. Status page is updated.",
        0.7,
        thread="incident-declared",
    ),
    C(
        "dm-ana-hotfix",
        DIRECT_CHANNEL,
        "ana",
        "Do you have 5 min? A rollback drops the Bluepeak tax rules. I'd rather hotfix the pool "
        "size, 25 min ETA.",
        0.5,
    ),
    C(
        "northwind-shared",
        "#ext-northwind",
        "nora",
        f"{MENTION} did you see my email? Orders are stuck again and I brief our board tomorrow.",
        2.5,
    ),
    C("cake", "#general", "ben", "Cake in the kitchen for Farah's work anniversary \U0001f382", 28),
)

BOTS: tuple[ChatTemplate, ...] = (
    C("deploy-api", "#deploys", DEPLOY_BOT, "api 4.18.0 deployed to production by ana-api.", 2.4),
    C(
        "deploy-web",
        "#deploys",
        DEPLOY_BOT,
        "web 2.12.0-rc.2 deployed to staging by chloe-web.",
        22,
    ),
    C(
        "deploy-mobile-api",
        "#deploys",
        DEPLOY_BOT,
        "mobile-gateway 1.9.1 deployed to production.",
        60,
    ),
    C("ci-api-failed", "#eng-api", CI_BOT, "main failed: test_order_sync_retry (acme/api).", 9),
    C("ci-web-passed", "#eng-web", CI_BOT, "main passed in 6m12s (acme/web).", 11),
    C(
        "ci-mobile-nightly",
        "#mobile",
        CI_BOT,
        "Nightly build 3.4.0 (412) uploaded for testing.",
        35,
    ),
)


def chat_remote_id(slug: str) -> str:
    return f"chat-{slug}"


def generate_chat(source: str, seed: int, history: History) -> list[Message]:
    """All history chat for one seed, oldest first."""
    rng = random.Random(f"{seed}/chat")
    picked = list(CONVERSATIONS) + rng.sample(BOTS, BOT_COUNT)
    oldest = max(t.age_hours for t in picked)
    scale = min(1.0, 0.95 * history.hours / oldest)
    ages: dict[str, float] = {}
    messages: list[Message] = []
    for t in picked:
        age = t.age_hours * scale * rng.uniform(0.9, 1.1)
        if t.thread and age >= ages[t.thread]:
            age = ages[t.thread] * 0.9
        ages[t.slug] = age
        read = t.read if t.read is not None else rng.random() < (0.9 if age > 12 else 0.2)
        messages.append(chat_message(source, replace(t, age_hours=age), history.ago(age), read))
    return sorted(messages, key=lambda m: (m.received_at, m.remote_id))


def chat_message(source: str, t: ChatTemplate, at: datetime, read: bool) -> Message:
    """A chat `Message`; DMs land in a folder named after the sender ("@login")."""
    name, handle = chat_identity(t.sender)
    direct = t.channel == DIRECT_CHANNEL
    folder = f"@{handle}" if direct else t.channel
    first_line = t.text.splitlines()[0] if t.text else ""
    return Message(
        source=source,
        remote_id=chat_remote_id(t.slug),
        kind=MessageKind.CHAT,
        folder=folder,
        sender_name=name,
        sender_address=handle,
        subject=first_line[:SUBJECT_LIMIT],
        body=t.text,
        received_at=at,
        recipients=(ME_LOGIN,) if direct else (),
        thread_id=chat_remote_id(t.thread or t.slug),
        in_reply_to=chat_remote_id(t.thread) if t.thread else "",
        is_read=read,
        is_direct=direct,
        mentions_me=MENTION in t.text,
        is_list=t.sender in (DEPLOY_BOT, CI_BOT),
        url=f"{CHAT_URL}/{folder.lstrip('#@')}/{t.slug}",
    )
