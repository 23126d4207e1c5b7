"""Linear "Change status": the team's workflow states are the choices, picked by name."""

from __future__ import annotations

import pytest
from test_linear_adapter import ISSUE_42, Server, action, adapter, ok, success

from ctotui.errors import AdapterError
from ctotui.model import ActionKind


async def test_transitions_list_the_teams_states_in_order() -> None:
    linear, _ = adapter(Server().on("IssueTeamStates", ok("team_states.json")))
    names = await linear.transitions(ISSUE_42)
    await linear.aclose()
    assert names == ["Backlog", "Todo", "In Progress", "Done", "Canceled"]


async def test_transition_moves_the_issue_to_the_named_state() -> None:
    server = (
        Server()
        .on("IssueTeamStates", ok("team_states.json"))
        .on("IssueUpdate", success("issueUpdate"))
    )
    linear, _ = adapter(server)
    await linear.apply(action(ActionKind.TRANSITION, "in progress"))
    await linear.aclose()
    assert server.body(1)["variables"] == {"id": ISSUE_42, "input": {"stateId": "st-progress"}}


async def test_an_unknown_state_is_a_clear_error() -> None:
    linear, _ = adapter(Server().on("IssueTeamStates", ok("team_states.json")))
    with pytest.raises(AdapterError, match=r"no state 'Shipped'.*In Progress"):
        await linear.apply(action(ActionKind.TRANSITION, "Shipped"))
    await linear.aclose()
