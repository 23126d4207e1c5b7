"""The catalog behind key rebinding: every binding, reachable from any terminal, with conflicts."""

from __future__ import annotations

from ctotui.app import CtoApp
from ctotui.config_keys import UNSENDABLE
from ctotui.screens.binding_catalog import binding_catalog, conflicts, display_keys


def test_every_action_has_a_key_that_terminals_send() -> None:
    catalog = binding_catalog(CtoApp.BINDINGS)
    assert len(catalog) > 50
    unreachable = [
        entry.binding_id
        for entry in catalog
        if all(key in UNSENDABLE for key in entry.default_keys.split(","))
    ]
    assert unreachable == []


def test_app_keys_conflict_everywhere_screen_keys_only_on_their_screen() -> None:
    catalog = binding_catalog(CtoApp.BINDINGS)
    by_id = {entry.binding_id: entry for entry in catalog}
    outbox = by_id["app.outbox"]
    # "S" is the app's sync key: taken on every screen.
    assert [e.binding_id for e in conflicts(outbox, "S", catalog, {})] == ["app.sync"]
    # After the user moves sync elsewhere, "S" is free.
    assert conflicts(outbox, "S", catalog, {"app.sync": "ctrl+r"}) == []
    # An inbox key conflicts with inbox keys and app keys, not with other panels' keys.
    inbox_entry = next(e for e in catalog if e.scope == "inbox")
    taken = {e.scope for e in conflicts(inbox_entry, "question_mark", catalog, {})}
    assert taken <= {"app", "inbox"} and "app" in taken


def test_keys_are_shown_as_people_read_them() -> None:
    assert display_keys(["question_mark", "ctrl+r", "x", "comma"]) == "?, ^r, x, ,"
