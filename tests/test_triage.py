"""Triage: the `[triage]` rules rank mail, bulk goes to Feed, and config mistakes are named."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ctotui.bulk import is_bulk
from ctotui.config import config_from_text
from ctotui.model import Message, MessageKind, Person
from ctotui.triage import SplitRule, TriageRules, score_message

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
ME = Person("robin", "Robin Avery", emails=("cto@acme.example",))


def mail(**values: object) -> Message:
    base: dict[str, object] = {
        "source": "mail",
        "remote_id": "1",
        "kind": MessageKind.MAIL,
        "folder": "INBOX",
        "sender_name": "Someone",
        "sender_address": "someone@elsewhere.example",
        "subject": "Hello",
        "body": "Just a note.",
        "received_at": NOW - timedelta(minutes=5),
    }
    base.update(values)
    return Message(**base)  # type: ignore[arg-type]


def score(
    message: Message, rules: TriageRules | None = None, **kw: object
) -> tuple[int, tuple[str, ...]]:
    result = score_message(message, people={}, me=ME, now=NOW, rules=rules, **kw)  # type: ignore[arg-type]
    return result.value, result.reasons


def test_config_rules_raise_the_rank_and_say_why() -> None:
    rules = TriageRules(
        vips=("boss@board.example",),
        team_domains=("acme.example",),
        client_domains=("northwind.example",),
        keywords=("invoice",),
    )
    plain, _ = score(mail(), rules)
    vip, reasons = score(mail(sender_address="Boss@Board.example"), rules)
    assert vip > plain and "VIP sender" in reasons
    _, reasons = score(mail(sender_address="dev@eu.acme.example"), rules)
    assert "my team" in reasons
    _, reasons = score(mail(sender_address="ops@northwind.example"), rules)
    assert "client domain" in reasons
    _, reasons = score(mail(subject="Invoice 42 overdue"), rules)
    assert "keyword 'invoice'" in reasons
    _, reasons = score(mail(subject="Invoices"), rules)
    assert not any(r.startswith("keyword") for r in reasons)


def test_direct_cc_question_waiting_and_reply_to_me() -> None:
    direct, reasons = score(mail(is_direct=True, body="Can we ship?"))
    assert {"addressed to me", "asks a question"} <= set(reasons)
    cc, reasons = score(mail(cc=("cto@acme.example",)))
    assert "cc to me" in reasons and cc < direct
    _, reasons = score(mail(is_direct=True, received_at=NOW - timedelta(hours=6)))
    assert "waiting 6 h" in reasons
    _, reasons = score(mail(), replies_to_me=True)
    assert "reply to my message" in reasons


@pytest.mark.parametrize(
    "values",
    [
        {"is_list": True},
        {"sender_address": "noreply@shop.example"},
        {"sender_address": "notifications@tracker.acme.example"},
        {"sender_address": "deploy-bot@acme.example"},
        {"sender_address": "ci[bot]@users.example"},
    ],
)
def test_bulk_is_capped_and_goes_to_feed(values: dict[str, object]) -> None:
    message = mail(subject="URGENT: outage", is_direct=True, **values)
    assert is_bulk(message)
    value, reasons = score(message)
    assert value <= 20 and "bulk or automated: capped" in reasons


def test_a_person_is_not_bulk() -> None:
    assert not is_bulk(mail(sender_address="ana@acme.example"))


def test_triage_section_loads() -> None:
    config = config_from_text(
        """
me = "robin"
[people.robin]
name = "Robin"
emails = ["cto@acme.example"]
[people.nora]
name = "Nora"
emails = ["nora@northwind.example"]
[triage]
vips = ["nora", "ceo@acme.example"]
team_domains = ["acme.example"]
client_domains = ["@northwind.example"]
keywords = ["contract"]
[[triage.splits]]
name = "Clients"
query = "from:northwind.example is:unread"
"""
    )
    assert config.problems == ()
    rules = config.triage
    assert rules.vips == ("nora", "ceo@acme.example")
    assert rules.client_domains == ("northwind.example",)
    assert rules.splits == (SplitRule("Clients", "from:northwind.example is:unread"),)
    assert rules.is_vip("nora@northwind.example", config.people["nora"])


@pytest.mark.parametrize(
    ("toml", "key", "words"),
    [
        ('triage = "yes"', "triage", "expected a table"),
        ("[triage]\nvip = []", "triage.vip", "unknown key 'vip'"),
        ('[triage]\nkeywords = "x"', "triage.keywords", "expected an array of strings"),
        ('[triage]\nteam_domains = ["not a domain"]', "triage.team_domains", "not a domain"),
        ('[triage]\nvips = ["nobody"]', "triage.vips", "neither an email address"),
        ('[triage]\nsplits = "x"', "triage.splits", "expected an array of tables"),
        ('[[triage.splits]]\nquery = "x"', "triage.splits[0].name", "expected a string"),
        (
            '[[triage.splits]]\nname = "A"\nquery = "is:urgent"',
            "triage.splits[0].query",
            "is unknown",
        ),
        ('[[triage.splits]]\nname = "Feed"\nquery = "x"', "triage.splits[0].name", "already taken"),
        (
            '[[triage.splits]]\nname = "A"\nquery = "x"\ncolor = 1',
            "triage.splits.color",
            "unknown key",
        ),
    ],
)
def test_each_mistake_is_reported(toml: str, key: str, words: str) -> None:
    config = config_from_text(toml)
    assert any(p.key == key and words in p.text for p in config.problems), config.problems


def test_cli_list_inbox_json_has_rank_reasons_split_state(
    capsys: pytest.CaptureFixture[str],
    clock,  # type: ignore[no-untyped-def]
) -> None:
    import json

    from ctotui.cli import main

    assert main(["--demo", "list", "inbox", "--json", "--split", "important"], clock=clock) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert [r["importance"] for r in rows] == sorted((r["importance"] for r in rows), reverse=True)
    assert all(r["split"] == "important" and r["state"] == "new" and r["reasons"] for r in rows)
    assert main(["--demo", "list", "inbox", "--json", "--split", "feed"], clock=clock) == 0
    feed = json.loads(capsys.readouterr().out)
    assert feed and all(r["split"] == "feed" for r in feed)
    assert all("bulk or automated: capped" in r["reasons"] for r in feed)
