"""The shared "blocked" rule every tracker adapter applies."""

from ctotui.adapters.blocked import blocked_reason, with_blocked
from ctotui.model import StatusCategory


def test_not_blocked_without_any_signal() -> None:
    assert blocked_reason(labels=["bug"], status="In Progress") == ""


def test_each_signal_gives_its_reason() -> None:
    assert blocked_reason(blocked_by=["acme/api#12"]) == "blocked by acme/api#12"
    assert blocked_reason(labels=["Blocked"]) == 'label "Blocked"'
    assert blocked_reason(status="On Hold") == 'status "On Hold"'
    assert blocked_reason(flagged=True) == "flagged"
    assert blocked_reason(labels=["waiting-on-client"], blocked_labels=["waiting-on-client"])


def test_reasons_combine_and_done_items_are_never_blocked() -> None:
    reason = blocked_reason(labels=["blocked"], flagged=True)
    assert reason == 'label "blocked"; flagged'
    assert with_blocked(StatusCategory.IN_PROGRESS, reason) is StatusCategory.BLOCKED
    assert with_blocked(StatusCategory.DONE, reason) is StatusCategory.DONE
    assert with_blocked(StatusCategory.TODO, "") is StatusCategory.TODO
