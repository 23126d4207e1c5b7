"""Outline editing of a breakdown: add, delete, indent, outdent and move keep preorder."""

from __future__ import annotations

from ctotui import estimate_tree as tree
from ctotui.model import EstimateTask


def outline(tasks: list[EstimateTask]) -> list[str]:
    """Names indented by depth, the way the table shows them."""
    return ["  " * d + t.name for t, d in zip(tasks, tree.depths(tasks), strict=True)]


def sample() -> list[EstimateTask]:
    return [
        EstimateTask("Build", "", 0, 0, 0, id=1),
        EstimateTask("API", "backend", 1, 2, 3, parent_id=1, id=2),
        EstimateTask("Screens", "frontend", 1, 2, 3, parent_id=1, id=3),
        EstimateTask("Launch", "", 0, 0, 0, id=4),
        EstimateTask("Go-live", "pm", 1, 1, 1, parent_id=4, id=5),
    ]


def test_depths_groups_and_phases() -> None:
    tasks = sample()
    assert outline(tasks) == ["Build", "  API", "  Screens", "Launch", "  Go-live"]
    assert tree.groups(tasks) == [True, False, False, True, False]
    assert tree.phases(tasks)[1:3] == ["Build", "Build"]


def test_indent_makes_a_child_of_the_previous_sibling_and_outdent_undoes_it() -> None:
    tasks = sample()
    assert tree.indent(tasks, 2) == 2
    assert outline(tasks)[:3] == ["Build", "  API", "    Screens"]
    assert tree.indent(tasks, 1) == 1  # no previous sibling: unchanged
    assert outline(tasks)[1] == "  API"
    assert tree.outdent(tasks, 2) == 2
    assert outline(tasks) == ["Build", "  API", "  Screens", "Launch", "  Go-live"]


def test_outdent_moves_the_subtree_after_the_parents_other_children() -> None:
    tasks = sample()
    at = tree.outdent(tasks, 1)  # API leaves Build; Screens stays inside Build
    assert outline(tasks) == ["Build", "  Screens", "API", "Launch", "  Go-live"]
    assert at == 2


def test_move_swaps_whole_subtrees_with_siblings() -> None:
    tasks = sample()
    assert tree.move_down(tasks, 0) == 2
    assert outline(tasks) == ["Launch", "  Go-live", "Build", "  API", "  Screens"]
    assert tree.move_up(tasks, 2) == 0
    assert outline(tasks)[0] == "Build"
    assert tree.move_down(tasks, 2) == 2  # Screens is the last child: stays
    assert tree.move_up(tasks, 1) == 1


def test_add_after_a_subtree_and_delete_removes_children() -> None:
    tasks = sample()
    new = EstimateTask("QA", "qa", 1, 2, 3)
    assert tree.add_after(tasks, 0, new) == 3
    assert outline(tasks) == ["Build", "  API", "  Screens", "QA", "Launch", "  Go-live"]
    assert tree.delete(tasks, 4) == 3
    assert outline(tasks) == ["Build", "  API", "  Screens", "QA"]
    assert tree.add_after([], None, EstimateTask("first", "", 1, 1, 1)) == 0
