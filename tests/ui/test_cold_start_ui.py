"""Start-up shortcuts that must not change what the user sees.

Home's CSS is read with the app's, its counts land just after the first frame,
and the stylesheet reuses parsed rules while the theme stays: a new theme and
a panel shown later must still be styled as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.color import Color
from textual.widgets import Static

from ctotui.store import InboxSplit

if TYPE_CHECKING:
    from ctotui.app import CtoApp


def summary(app: CtoApp) -> str:
    return str(app.screen.query_one("#home-summary", Static).render())


async def test_home_counts_fill_in_and_stay_while_reloading(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        counts = demo_app.store.inbox_counts(demo_app.clock.now())
        shown = summary(demo_app)
        assert f"{counts[InboxSplit.NEW]} new" in shown
        assert f"{counts[InboxSplit.IMPORTANT]} important" in shown
        demo_app.screen.refresh_data()  # a reload shows the last figures until new ones land
        assert summary(demo_app) == shown
        await pilot.pause()
        assert summary(demo_app) == shown


async def test_home_is_styled_by_its_css(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        card = demo_app.screen.query_one("#home-mail", Static)
        assert card.styles.border.top[0] == "round"
        assert demo_app.screen.query_one("#home-summary", Static).outer_size.height == 1


async def test_a_new_theme_restyles_home_and_later_panels(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        card = demo_app.screen.query_one("#home-mail", Static)
        before = card.styles.border.top[1]
        demo_app.theme = "gruvbox"
        await pilot.pause()
        after = card.styles.border.top[1]
        assert after != before
        assert after == Color.parse(demo_app.available_themes["gruvbox"].primary)
        await pilot.press("2")
        await pilot.pause()
        assert demo_app.current_mode == "inbox"
        search = demo_app.screen.query_one("#inbox-search")
        assert search.styles.display == "none"  # inbox.tcss, read when Inbox was first shown
        splits = demo_app.screen.query_one("#inbox-splits")
        assert splits.outer_size.height == 1
