"""The made-up company behind `ctotui --demo`: its people, clients and projects.

Kept as plain data so the adapter, the demo config and the seeded user data
all describe the same company; every name and address here is invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctotui.model import Person

ME_KEY = "cto"
ME_LOGIN = "acme-cto"
ME_EMAIL = "cto@acme.example"
LOGIN_SYSTEM = "demo"
TRACKER_URL = "https://tracker.acme.example"
CHAT_URL = "https://chat.acme.example"


def _person(
    key: str, name: str, email: str, role: str, login: str = "", *, vip: bool = False
) -> Person:
    logins = {LOGIN_SYSTEM: login} if login else {}
    return Person(key=key, name=name, emails=(email,), logins=logins, role=role, vip=vip)


PEOPLE: dict[str, Person] = {
    p.key: p
    for p in (
        _person(ME_KEY, "Robin Avery", ME_EMAIL, "CTO", ME_LOGIN),
        _person("ana", "Ana Ortiz", "ana.ortiz@acme.example", "backend lead", "ana-api"),
        _person("ben", "Ben Okafor", "ben.okafor@acme.example", "backend", "ben-dev"),
        _person(
            "chloe", "Chloé Lambert", "chloe.lambert@acme.example", "frontend lead", "chloe-web"
        ),
        _person("eli", "Eli Brandt", "eli.brandt@acme.example", "frontend", "eli-fe"),
        _person("dara", "Dara Kowal", "dara.kowal@acme.example", "mobile lead", "dara-mobile"),
        _person("farah", "Farah Nasser", "farah.nasser@acme.example", "qa", "farah-qa"),
        _person("gus", "Gus Moreno", "gus.moreno@acme.example", "sre", "gus-ops"),
        _person(
            "nora",
            "Nora Lindgren",
            "nora.lindgren@northwind.example",
            "client: head of digital, Northwind Traders",
            vip=True,
        ),
    )
}


def login(key: str) -> str:
    """The demo tracker/chat login of a person key (KeyError for unknown keys)."""
    return PEOPLE[key].logins[LOGIN_SYSTEM]


def email(key: str) -> str:
    return PEOPLE[key].emails[0]


def demo_logins() -> frozenset[str]:
    """Every login the demo tracker may name as author, assignee or reviewer."""
    return frozenset(p.logins[LOGIN_SYSTEM] for p in PEOPLE.values() if LOGIN_SYSTEM in p.logins)


@dataclass(frozen=True, slots=True)
class DemoProject:
    """One project of the company: its repository, team and numbering."""

    name: str
    repo: str
    description: str
    lead: str
    members: tuple[str, ...]
    labels: tuple[str, ...]
    first_number: int

    @property
    def people(self) -> tuple[str, ...]:
        return (self.lead, *self.members)


PROJECTS: tuple[DemoProject, ...] = (
    DemoProject(
        name="api",
        repo="acme/api",
        description="Public and partner API: orders, invoices, order sync (acme/api).",
        lead="ana",
        members=("ben", "gus"),
        labels=("bug", "feature", "tech-debt", "security", "performance", "billing", "order-sync"),
        first_number=412,
    ),
    DemoProject(
        name="web",
        repo="acme/web",
        description="Customer web app and design system (acme/web).",
        lead="chloe",
        members=("eli", "farah"),
        labels=("bug", "feature", "ux", "accessibility", "design-system", "e2e", "tech-debt"),
        first_number=230,
    ),
    DemoProject(
        name="mobile",
        repo="acme/mobile",
        description="iOS and Android apps (acme/mobile).",
        lead="dara",
        members=("farah", "ben"),
        labels=("bug", "feature", "ios", "android", "release", "crash", "tech-debt"),
        first_number=118,
    ),
)

PROJECTS_BY_NAME: dict[str, DemoProject] = {p.name: p for p in PROJECTS}
