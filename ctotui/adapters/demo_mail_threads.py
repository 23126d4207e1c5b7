"""The demo's urgent mail threads: the client escalation, the production incident,
the contract deadline and the security advisory.

These are the messages a triage screen must surface, so they are written out in
full; ages are hours before the sync's anchor time.
"""

from __future__ import annotations

from ctotui.adapters.demo_templates import MailTemplate as M
from ctotui.adapters.demo_templates import paragraphs as _b

NORA = "nora"
MARCUS = "Marcus Hale <marcus.hale@northwind.example>"
SOFIA = "Sofia Reyes <sofia.reyes@bluepeak.example>"
ENG = "Engineering <eng@acme.example>"
ONCALL = "On-call <oncall@acme.example>"
MONITOR = "Acme Monitoring <alerts@monitor.acme.example>"
DEPWATCH = "DepWatch Advisories <advisories@depwatch.example>"

URGENT_THREADS: tuple[M, ...] = (
    M(
        slug="northwind-sync-1",
        sender=NORA,
        to=("cto",),
        cc=("ana",),
        subject="Order sync delays on the Northwind portal",
        age_hours=150,
        read=True,
        body=_b("""
            Hi Robin,

            Since Monday our store managers see orders arrive in the portal two to
            three hours late. Yesterday 40 orders were picked twice because the
            status never came back from your side.

            Could you tell me what is going on and when we can expect a fix? Our
            peak sale starts on the 1st and we cannot run it like this.

            Best,
            Nora Lindgren
            Head of Digital, Northwind Traders
        """),
    ),
    M(
        slug="northwind-sync-2",
        sender="cto",
        to=(NORA,),
        cc=("ana",),
        subject="Re: Order sync delays on the Northwind portal",
        age_hours=141,
        thread="northwind-sync-1",
        reply_to="northwind-sync-1",
        body=_b("""
            Hi Nora,

            Thank you for the details, and sorry for the trouble. Ana Ortiz leads
            the investigation: the retry queue between your ERP feed and our
            order-sync service backs up under load.

            You will have a written update from us by Friday, with a date for the fix.

            Robin
        """),
    ),
    M(
        slug="northwind-sync-3",
        sender="ana",
        to=(NORA,),
        cc=("cto",),
        subject="Re: Order sync delays on the Northwind portal",
        age_hours=52,
        thread="northwind-sync-1",
        reply_to="northwind-sync-2",
        read=True,
        body=_b("""
            Hi Nora,

            We deployed a fix for the retry queue on Wednesday evening: failed status
            updates are now retried with backoff instead of being parked, and we
            alert when the queue grows beyond 500 messages.

            Since then the median delay is under two minutes. We keep watching it
            and will confirm the permanent fix in our weekly call.

            Kind regards,
            Ana
        """),
    ),
    M(
        slug="northwind-sync-4",
        sender=NORA,
        to=("cto",),
        cc=("ana", MARCUS),
        subject="Re: Order sync delays on the Northwind portal - escalation",
        age_hours=3.2,
        thread="northwind-sync-1",
        reply_to="northwind-sync-3",
        read=False,
        body=_b("""
            Robin,

            The problem is back. This morning 212 orders have been stuck in
            "pending sync" since early morning and two of our warehouses are working from
            printed lists again.

            I have to brief our board tomorrow morning. Can you commit to a
            permanent fix before our peak sale on the 1st - yes or no? If the
            answer is no I need to know today so we can plan a manual fallback.

            I have copied Marcus Hale, our VP Operations.

            Nora
        """),
    ),
    M(
        slug="incident-alert",
        sender=MONITOR,
        to=(ONCALL,),
        cc=("cto",),
        subject="[FIRING] api-gateway: 5xx rate 7.2% (threshold 2%)",
        age_hours=1.6,
        read=False,
        labels=("alert",),
        body=_b("""
            Alert: api-gateway 5xx rate
            Severity: \x1b[31mCRITICAL\x1b[0m
            Started: 14 minutes ago
            Value: 7.2% of requests over 5 minutes (threshold 2%)

            Top failing routes:
              POST /v1/orders        502   61%
              GET  /v1/orders/{id}   502   23%
              POST /v1/checkout      504   16%

            Runbook: https://wiki.acme.example/runbooks/api-gateway-5xx
            Silence: https://monitor.acme.example/silences/new?alert=api-5xx
        """),
    ),
    M(
        slug="incident-1",
        sender="gus",
        to=(ENG,),
        cc=("cto",),
        subject="INCIDENT: checkout API returning 502s (SEV-1)",
        age_hours=1.3,
        read=False,
        body=_b("""
            All,

            I am declaring a SEV-1. For the last twenty minutes the checkout and
            orders endpoints return 502s for roughly a fifth of requests. Customers
            cannot place orders reliably.

            - Incident commander: Gus
            - Investigating: Ana (API), Ben (database)
            - Bridge: #incidents
            - Status page: "degraded performance" posted

            Next update in 30 minutes or sooner.

            Gus
        """),
    ),
    M(
        slug="incident-2",
        sender="ana",
        to=("cto",),
        cc=("gus", "ben"),
        subject="Re: INCIDENT: checkout API returning 502s (SEV-1)",
        age_hours=0.6,
        thread="incident-1",
        reply_to="incident-1",
        read=False,
        body=_b("""
            Robin,

            Root cause found: release 4.18.0 ships a new config default that halves
            the database connection pool. Under the afternoon load the pool is
            exhausted and requests time out at the gateway.

            Two options, we need your call:

            1. Roll back to 4.17.2 - 10 minutes, but it removes the new tax rules
               that Bluepeak starts using tomorrow.
            2. Hotfix the pool size and redeploy - about 25 minutes, keeps the tax rules.

            I recommend option 2. Can you confirm?

            Ana
        """),
    ),
    M(
        slug="bluepeak-msa-1",
        sender=SOFIA,
        to=("cto",),
        subject="Bluepeak MSA renewal - redlines attached",
        age_hours=101,
        read=True,
        body=_b("""
            Dear Robin,

            Please find attached our redlines to the master services agreement for
            the coming year. The main changes are in section 9 (limitation of
            liability) and schedule B (service levels for the routing API).

            We would like to have the renewal signed before the current agreement
            ends. Let me know if you would like to discuss any point.

            Kind regards,
            Sofia Reyes
            Procurement, Bluepeak Logistics
        """),
    ),
    M(
        slug="bluepeak-msa-2",
        sender="cto",
        to=(SOFIA,),
        subject="Re: Bluepeak MSA renewal - redlines attached",
        age_hours=90,
        thread="bluepeak-msa-1",
        reply_to="bluepeak-msa-1",
        body=_b("""
            Dear Sofia,

            Thank you. Our counsel reviewed the redlines: we accept schedule B as
            proposed. For clause 9.2 we ask to keep the liability cap at twelve
            months of fees rather than twenty-four.

            With that change we are ready to sign.

            Best regards,
            Robin Avery
        """),
    ),
    M(
        slug="bluepeak-msa-3",
        sender=SOFIA,
        to=("cto",),
        subject="Re: Bluepeak MSA renewal - action required, signature due today",
        age_hours=5.5,
        thread="bluepeak-msa-1",
        reply_to="bluepeak-msa-2",
        read=False,
        flagged=True,
        body=_b("""
            Dear Robin,

            Our legal team accepted the twelve-month cap in clause 9.2. The final
            version is ready for signature in the e-signing portal.

            Please note the current agreement expires today. If we do not have your
            signature by the end of the day, our finance system will suspend orders
            until a new agreement is in place, which would delay the routing API
            phase that is due to start next week.

            Kind regards,
            Sofia
        """),
    ),
    M(
        slug="advisory-1",
        sender=DEPWATCH,
        to=("cto",),
        subject="[DepWatch] Critical: remote code execution in yaml-loader < 6.0.2 (DW-0173)",
        age_hours=8.5,
        read=False,
        labels=("security",),
        body=_b("""
            A critical vulnerability (DW-0173, severity 9.8) affects yaml-loader
            versions before 6.0.2. Loading untrusted YAML with the default loader
            can execute arbitrary code.

            Affected repositories in your organisation:
              acme/api     yaml-loader 5.4.1  (direct dependency)
              acme/web     yaml-loader 5.3.0  (via build tooling only)

            Fix: upgrade to 6.0.2 or later. Exploitation in the wild has been reported.

            Manage notifications: https://depwatch.example/settings
        """),
    ),
    M(
        slug="advisory-2",
        sender="gus",
        to=("cto",),
        cc=("ana",),
        subject="Re: [DepWatch] Critical: remote code execution in yaml-loader < 6.0.2",
        age_hours=6.1,
        thread="advisory-1",
        reply_to="advisory-1",
        read=False,
        body=_b("""
            Robin,

            The api is exposed: the partner import endpoint parses uploaded YAML with
            the default loader. Web only uses it at build time, so that can wait.

            The bump is a one-line change and the tests pass on a branch. We are in
            the release freeze until Monday though. May I ship it today as an
            exception?

            Gus
        """),
    ),
)
