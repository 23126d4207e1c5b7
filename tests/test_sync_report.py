"""The notice after a sync run with failures: one summary, never one toast per source."""

from __future__ import annotations

from datetime import timedelta

from ctotui.clock import FixedClock
from ctotui.humanize import when
from ctotui.model import SourceStatus
from ctotui.sync import SourceOutcome
from ctotui.sync_report import MAX_LISTED, failure_notice


def ok(name: str) -> SourceOutcome:
    return SourceOutcome(name, "demo", True, 0, "", 0.1)


def failed(name: str, error: str = "refused", *, unreachable: bool = True) -> SourceOutcome:
    return SourceOutcome(name, "github", False, 0, error, 0.1, unreachable=unreachable)


def test_nothing_new_to_tell_is_no_notice(clock: FixedClock) -> None:
    assert failure_notice([ok("a"), failed("b")], [], [], clock.now()) is None


def test_one_failure_keeps_its_own_error(clock: FixedClock) -> None:
    outcomes = [ok("a"), failed("b", "b answered 401")]
    notice = failure_notice(outcomes, outcomes[1:], [], clock.now())
    assert notice is not None
    assert (notice.title, notice.message, notice.severity) == (
        "b: sync failed",
        "b answered 401",
        "error",
    )


def test_every_source_unreachable_is_offline_with_the_saved_data_time(clock: FixedClock) -> None:
    outcomes = [failed(n) for n in ("a", "b", "c")]
    earlier = clock.now() - timedelta(minutes=80)
    statuses = [
        SourceStatus("a", "github", last_success=earlier - timedelta(days=1)),
        SourceStatus("b", "github", last_success=earlier),
        SourceStatus("c", "github"),
    ]
    notice = failure_notice(outcomes, outcomes, statuses, clock.now())
    assert notice is not None and notice.severity == "warning"
    saved = when(earlier, clock.now())
    assert notice.message == f"offline: 3 sources unreachable — showing saved data from {saved}"


def test_every_source_failing_for_other_reasons_lists_them(clock: FixedClock) -> None:
    outcomes = [failed("a", "token rejected (401)", unreachable=False), failed("b")]
    notice = failure_notice(outcomes, outcomes, [], clock.now())
    assert notice is not None
    assert notice.message.splitlines() == [
        "All 2 sources failed to sync — nothing saved yet",
        "a: token rejected (401)",
        "b: refused",
    ]


def test_many_failures_are_counted_after_a_few_lines(clock: FixedClock) -> None:
    outcomes = [ok("fine"), *(failed(f"s{n}", unreachable=False) for n in range(10))]
    notice = failure_notice(outcomes, outcomes[1:], [], clock.now())
    assert notice is not None
    lines = notice.message.splitlines()
    assert lines[0] == "10 of 11 sources failed to sync"
    assert len(lines) == 1 + MAX_LISTED and lines[-1] == f"… and {10 - MAX_LISTED + 1} more"


def test_cancelled_sources_do_not_count(clock: FixedClock) -> None:
    cancelled = SourceOutcome("c", "demo", False, 0, "cancelled", 0.0, cancelled=True)
    outcomes = [cancelled, failed("a"), failed("b")]
    notice = failure_notice(outcomes, outcomes[1:], [], clock.now())
    assert notice is not None and notice.message.startswith("offline: 2 sources unreachable")
