"""The work breakdown as an outline: tasks nest through `parent_id`, listed in preorder.

A task with children is a group (a phase or sub-phase): its own three points
are not counted, its children's are. A task's phase is its top-level task's
`phase` text, or that top-level group's name when it has none.

The editing operations keep the list in preorder (every task directly after
its parent's earlier children and their subtrees) and return the index the
cursor should move to.
"""

from __future__ import annotations

from collections.abc import Sequence

from ctotui.model import EstimateTask

NO_PHASE = "(no phase)"


def parents(tasks: Sequence[EstimateTask]) -> list[int | None]:
    """Per task, the index of its parent in `tasks` (None for a top-level task)."""
    index = {t.id: i for i, t in enumerate(tasks) if t.id is not None}
    return [None if t.parent_id is None else index.get(t.parent_id) for t in tasks]


def depths(tasks: Sequence[EstimateTask]) -> list[int]:
    """How deep each task is nested (0 = top level)."""
    up = parents(tasks)
    result: list[int] = []
    for i in range(len(tasks)):
        depth, seen, node = 0, {i}, up[i]
        while node is not None and node not in seen:
            seen.add(node)
            depth += 1
            node = up[node]
        result.append(depth)
    return result


def groups(tasks: Sequence[EstimateTask]) -> list[bool]:
    """Per task, whether it has children (and so is totalled from them)."""
    flags = [False] * len(tasks)
    for parent in parents(tasks):
        if parent is not None:
            flags[parent] = True
    return flags


def phases(tasks: Sequence[EstimateTask]) -> list[str]:
    """Per task, the phase it is totalled under.

    That is its top-level task's `phase` text when set (flat breakdowns), else
    the top-level group's name (nested ones).
    """
    up = parents(tasks)
    result: list[str] = []
    for i in range(len(tasks)):
        top, seen = i, {i}
        while (parent := up[top]) is not None and parent not in seen:
            seen.add(parent)
            top = parent
        phase = tasks[top].phase.strip()
        if not phase and top != i:
            phase = tasks[top].name.strip()
        result.append(phase or NO_PHASE)
    return result


def subtree_end(tasks: Sequence[EstimateTask], i: int) -> int:
    """The index just past task `i`'s subtree."""
    level = depths(tasks)
    end = i + 1
    while end < len(tasks) and level[end] > level[i]:
        end += 1
    return end


def _previous_sibling(tasks: Sequence[EstimateTask], i: int) -> int | None:
    level = depths(tasks)
    for k in range(i - 1, -1, -1):
        if level[k] == level[i]:
            return k
        if level[k] < level[i]:
            return None
    return None


def add_after(tasks: list[EstimateTask], i: int | None, task: EstimateTask) -> int:
    """Insert `task` as the next sibling of task `i` (at the end when None)."""
    if i is None or not tasks:
        task.parent_id = None
        tasks.append(task)
        return len(tasks) - 1
    task.parent_id = tasks[i].parent_id
    at = subtree_end(tasks, i)
    tasks.insert(at, task)
    return at


def delete(tasks: list[EstimateTask], i: int) -> int:
    """Remove task `i` with its subtree; returns where the cursor goes."""
    del tasks[i : subtree_end(tasks, i)]
    return min(i, len(tasks) - 1)


def indent(tasks: list[EstimateTask], i: int) -> int:
    """Make task `i` the last child of its previous sibling (needs that sibling's id)."""
    sibling = _previous_sibling(tasks, i)
    if sibling is None or tasks[sibling].id is None:
        return i
    tasks[i].parent_id = tasks[sibling].id
    return i


def outdent(tasks: list[EstimateTask], i: int) -> int:
    """Make task `i` its parent's next sibling, moving its subtree after the parent's."""
    parent = parents(tasks)[i]
    if parent is None:
        return i
    end = subtree_end(tasks, i)
    parent_end = subtree_end(tasks, parent)
    block = tasks[i:end]
    block[0].parent_id = tasks[parent].parent_id
    del tasks[i:end]
    at = parent_end - len(block)
    tasks[at:at] = block
    return at


def move_up(tasks: list[EstimateTask], i: int) -> int:
    """Swap task `i` (with its subtree) and its previous sibling."""
    sibling = _previous_sibling(tasks, i)
    if sibling is None:
        return i
    end = subtree_end(tasks, i)
    tasks[sibling:end] = tasks[i:end] + tasks[sibling:i]
    return sibling


def move_down(tasks: list[EstimateTask], i: int) -> int:
    """Swap task `i` (with its subtree) and its next sibling."""
    end = subtree_end(tasks, i)
    if end >= len(tasks) or depths(tasks)[end] != depths(tasks)[i]:
        return i
    next_end = subtree_end(tasks, end)
    tasks[i:next_end] = tasks[end:next_end] + tasks[i:end]
    return i + (next_end - end)
