"""The demo inbox's outside noise: newsletters, recruiters and vendors.

A real inbox is mostly this; triage is only worth something when the few
important threads have to be found among it. Two entries carry hostile text
(markup-like brackets, a terminal escape) so the sanitizer is visibly at work.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctotui.adapters.demo_templates import paragraphs as _b


@dataclass(frozen=True, slots=True)
class NoiseMail:
    """A message whose age and read state the generator draws at random."""

    slug: str
    sender: str
    subject: str
    body: str
    to: tuple[str, ...] = ("cto",)
    labels: tuple[str, ...] = ()
    always: bool = False


MARKETING: tuple[NoiseMail, ...] = (
    NoiseMail(
        "news-backend-weekly",
        "Backend Weekly <issue@backendweekly.example>",
        "Backend Weekly #212: [bold]Table partitioning[/bold] deep-dive & [link=x]queues[/link]",
        _b("""
            This week: partitioning large tables without downtime, why your queue
            consumers should be idempotent, and a postmortem on a 40-minute DNS outage.

            Sponsored: ship faster with managed previews for every pull request.

            Unsubscribe: https://backendweekly.example/u
        """),
        labels=("newsletter",),
        always=True,
    ),
    NoiseMail(
        "news-ops-digest",
        "Ops Digest <digest@opsdigest.example>",
        "Ops Digest: the on-call handbook you wish you had",
        _b("""
            Hello from Ops Digest!

            \x1b[1;31mNEW\x1b[0m Three patterns for calmer on-call rotations, a look at
            error budgets for small teams, and our annual tooling survey results.

            You are receiving this because you subscribed at a conference booth.
        """),
        labels=("newsletter",),
        always=True,
    ),
    NoiseMail(
        "news-lead",
        "The Pragmatic Lead <hello@pragmaticlead.example>",
        "Running standups that end on time",
        _b("""
            Most standups drift because they report status instead of surfacing
            blockers. This issue: a 10-minute format, how to park discussions, and
            what to do when the same blocker shows up three days in a row.

            Reply to this email to tell us what you would like covered next.
        """),
        labels=("newsletter",),
    ),
    NoiseMail(
        "news-cloudnine",
        "Cloudnine Hosting <news@cloudnine.example>",
        "New regions, cheaper object storage, and managed queues in beta",
        _b("""
            Two new regions are live this month, object storage prices drop by 12%
            from the first of next month, and managed queues enter public beta.

            Read the full changelog in your dashboard.
        """),
        labels=("newsletter",),
    ),
    NoiseMail(
        "news-frontend",
        "Frontend Focus <team@frontendfocus.example>",
        "Frontend Focus: container queries in production",
        _b("""
            A case study on moving a large design system to container queries, the
            state of form validation APIs, and five accessibility fixes that take
            less than an hour each.

            Enjoy the read, and see you next week.
        """),
        labels=("newsletter",),
    ),
    NoiseMail(
        "news-security",
        "Security Brief <brief@secbrief.example>",
        "Security Brief: supply-chain attacks on build tooling",
        _b("""
            This month's brief covers typo-squatted packages, signed builds, and how
            to audit which dependencies run code at install time.

            Manage your subscription in your account settings.
        """),
        labels=("newsletter",),
    ),
    NoiseMail(
        "news-mobile",
        "Mobile Dev Letter <letter@mobiledev.example>",
        "Store review changes you should know about",
        _b("""
            Store review guidelines changed again: in-app account deletion is now
            enforced for every app with sign-up, and privacy labels must list
            analytics SDKs by name.

            Plus: shrinking app size with on-demand resources.
        """),
        labels=("newsletter",),
    ),
    NoiseMail(
        "recruit-vp",
        "Jamie at TalentBridge <jamie@talentbridge.example>",
        "Exclusive: VP Engineering role at a Series B logistics company",
        _b("""
            Hi Robin,

            I came across your profile and think you would be a great fit for a VP
            Engineering role at a fast-growing logistics platform (Series B, 80
            engineers, fully remote).

            Would you be open to a 15-minute call this week?

            Jamie
        """),
    ),
    NoiseMail(
        "recruit-followup",
        "Jamie at TalentBridge <jamie@talentbridge.example>",
        "Following up: VP Engineering role",
        _b("""
            Hi Robin,

            Just bubbling this up in case it got buried. The client is moving fast
            and would love to speak with you before the end of the month.

            Jamie
        """),
    ),
    NoiseMail(
        "recruit-bench",
        "HireWell Talent <talent@hirewell.example>",
        "5 pre-vetted senior engineers available next week",
        _b("""
            Hello,

            We have five senior engineers (backend, mobile, data) available for
            contract work starting next week. All have passed our technical
            screening.

            Reply with the profiles you would like to see.
        """),
    ),
    NoiseMail(
        "recruit-cto",
        "Morgan, Executive Search <morgan@execsearch.example>",
        "Confidential: CTO search for a health-tech scale-up",
        _b("""
            Dear Robin,

            I am leading a confidential CTO search for a health-tech company that
            has just closed its growth round. Your background in B2B platforms
            stood out.

            Happy to share details under NDA.

            Morgan
        """),
    ),
    NoiseMail(
        "recruit-agency",
        "Riley from CodeStaff <riley@codestaff.example>",
        "Quick question about your hiring plans",
        _b("""
            Hi Robin,

            Are you hiring engineers this quarter? We place mid and senior
            developers with a 90-day replacement guarantee.

            Riley
        """),
    ),
    NoiseMail(
        "vendor-invoice",
        "Cloudnine Billing <billing@cloudnine.example>",
        "Your Cloudnine invoice for last month: 4,312.80 USD",
        _b("""
            Hello,

            Your invoice for last month is available. Amount: 4,312.80 USD,
            charged to the card ending 4242 on the 5th.

            Largest items: compute (2,140.00), managed database (1,320.50),
            egress (498.30).

            View invoice: https://cloudnine.example/billing
        """),
        labels=("billing",),
    ),
    NoiseMail(
        "vendor-maintenance",
        "Cloudnine Notices <notices@cloudnine.example>",
        "Scheduled maintenance: managed database upgrade Saturday 02:00 UTC",
        _b("""
            Your managed database cluster acme-prod-db will be upgraded to the next
            minor version on Saturday between 02:00 and 04:00 UTC.

            Expect one failover of less than 30 seconds. No action is required.
        """),
    ),
    NoiseMail(
        "vendor-ledgerly",
        "Ledgerly <sales@ledgerly.example>",
        "Your Ledgerly plan renews in 14 days",
        _b("""
            Hi Robin,

            Your Team plan (25 seats) renews in 14 days at 3,000 USD per year.
            Upgrade to Business for SSO and audit logs.

            The Ledgerly team
        """),
    ),
    NoiseMail(
        "vendor-ci",
        "BuildKite Cloud <noreply@buildcloud.example>",
        "You used 82% of your CI minutes this month",
        _b("""
            Your organisation acme has used 82% of its included CI minutes with 9
            days left in the billing period.

            Extra minutes are billed at 0.008 USD per minute.
        """),
    ),
    NoiseMail(
        "vendor-am",
        "Pat Quinn <pat.quinn@observa.example>",
        "Intro: your new account manager at Observa",
        _b("""
            Hi Robin,

            I am your new account manager at Observa. I would love to schedule a
            30-minute review of your dashboards and alert noise.

            Does next Tuesday work?

            Pat
        """),
    ),
    NoiseMail(
        "vendor-domain",
        "DomainDesk <renewals@domaindesk.example>",
        "acme.example renews automatically in 30 days",
        _b("""
            Your domain acme.example will renew automatically in 30 days for one
            year. Make sure the payment method on file is still valid.

            To turn off automatic renewal, visit your DomainDesk account.
        """),
    ),
)
