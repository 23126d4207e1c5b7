"""The demo's everyday mail threads: the team, leave requests, releases and the
other clients' requests that turn into estimates.

Ages are hours before the sync's anchor time.
"""

from __future__ import annotations

from ctotui.adapters.demo_mail_threads import ENG, NORA
from ctotui.adapters.demo_templates import MailTemplate as M
from ctotui.adapters.demo_templates import paragraphs as _b

OWEN = "Owen Brooks <owen.brooks@larkspur.example>"

TEAM_THREADS: tuple[M, ...] = (
    M(
        slug="api-v2-deprecation",
        sender="ana",
        to=("cto",),
        cc=("ben",),
        subject="API v2 deprecation plan - your review by Thursday?",
        age_hours=30,
        body=_b("""
            Hi Robin,

            The deprecation plan for the v1 endpoints is ready for review. Summary:

            - v1 read endpoints get a Sunset header next month
            - partners get six months; the three largest get a migration call
            - v1 write endpoints stay until order sync moves to v2

            Could you review it by Thursday? The architecture review is on Thursday
            afternoon and I would like to go in with your comments.

            Doc: https://wiki.acme.example/api/v2-deprecation

            Ana
        """),
    ),
    M(
        slug="ben-leave-1",
        sender="ben",
        to=("cto",),
        subject="Time off next Monday to Wednesday",
        age_hours=74,
        read=True,
        body=_b("""
            Hi Robin,

            I would like to take next Monday to Wednesday off (family visit). The
            billing migration PR should be reviewed by then; Ana knows the code if
            anything comes up.

            Thanks,
            Ben
        """),
    ),
    M(
        slug="ben-leave-2",
        sender="cto",
        to=("ben",),
        subject="Re: Time off next Monday to Wednesday",
        age_hours=71,
        thread="ben-leave-1",
        reply_to="ben-leave-1",
        body=_b("""
            Approved, enjoy the time with your family.

            Please hand the billing migration over to Ana before you go, with a
            short note on what is left.

            Robin
        """),
    ),
    M(
        slug="mobile-release",
        sender="dara",
        to=("cto",),
        cc=("farah",),
        subject="Mobile 3.4 rejected in store review",
        age_hours=20,
        flagged=True,
        body=_b("""
            Hi Robin,

            The store review rejected build 3.4.0: accounts created in the app must
            be deletable from within the app, and our delete flow sends people to
            the website.

            Plan: add an in-app "Delete account" screen that calls the existing API,
            Farah regression-tests login and signup on old devices, resubmit
            tomorrow. That moves the release by about three days.

            The marketing launch for 3.4 is planned for Monday. Do you want me to
            tell them, or will you?

            Dara
        """),
    ),
    M(
        slug="web-qa-signoff",
        sender="farah",
        to=("chloe",),
        cc=("cto", "eli"),
        subject="QA sign-off checklist for web 2.12",
        age_hours=26,
        body=_b("""
            Hi Chloé,

            Web 2.12 passed the regression suite except two known issues:

            1. The date picker loses focus with a screen reader (accessibility, minor).
            2. Checkout e2e test is flaky on slow runners (quarantined, not a product bug).

            Everything else is green on staging. If you and Robin are fine with
            shipping with (1) documented, I will sign off on Friday morning.

            Farah
        """),
    ),
    M(
        slug="web-design-system",
        sender="chloe",
        to=("cto",),
        cc=("eli",),
        subject="Web: design system migration status",
        age_hours=46,
        read=True,
        body=_b("""
            Hi Robin,

            Quick status on the design system migration:

            - 64 of 90 screens use the new components
            - design tokens are merged; dark mode is possible from next sprint
            - the old CSS bundle can go once the account pages are migrated

            No decision needed, just keeping you in the loop.

            Chloé
        """),
    ),
    M(
        slug="oncall-rota",
        sender="gus",
        to=(ENG,),
        cc=("cto",),
        subject="On-call rotation for next month",
        age_hours=98,
        read=True,
        body=_b("""
            Hi all,

            The draft on-call rotation for next month is in the usual sheet. I
            swapped Ben and Farah in week 2 as requested.

            Please flag conflicts by Friday; after that, swaps go through the
            on-call channel.

            Gus
        """),
    ),
    M(
        slug="larkspur-1",
        sender=OWEN,
        to=("cto",),
        subject="Patient portal phase 2 - kickoff and estimate",
        age_hours=56,
        read=True,
        body=_b("""
            Hello Robin,

            Our board approved phase 2 of the patient portal: appointment booking,
            secure messaging with clinics and a mobile-friendly document inbox.

            Could you send us an estimate with a rough plan? We would like to
            start in six weeks if the budget fits.

            Regards,
            Owen Brooks
            IT Director, Larkspur Clinics
        """),
    ),
    M(
        slug="larkspur-2",
        sender="cto",
        to=(OWEN,),
        subject="Re: Patient portal phase 2 - kickoff and estimate",
        age_hours=53,
        thread="larkspur-1",
        reply_to="larkspur-1",
        body=_b("""
            Hello Owen,

            Congratulations on the approval. We will send you an estimate with a
            phased plan by the end of next week.

            Best regards,
            Robin
        """),
    ),
    M(
        slug="northwind-portal",
        sender=NORA,
        to=("cto",),
        subject="Next phase: a client portal for our wholesale customers",
        age_hours=122,
        read=True,
        body=_b("""
            Hi Robin,

            Separate from the sync issue: we would like a portal where our wholesale
            customers see orders, invoices and statements, with single sign-on
            through our identity provider.

            Could you give us a ballpark and a possible start date? Nothing formal
            yet.

            Thanks,
            Nora
        """),
    ),
)
