"""The standup summary to share: one Markdown text (and the same facts as JSON).

Per person: done, next, blockers (their notes and their items); then the
project-wide blockers, waiting reviews, unowned work, changes against the last
standup and follow-ups, each item with its link. Posting it to a chat channel
is one call with `summary_markdown(report)` as the message text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ctotui.humanize import age
from ctotui.model import Person, StatusCategory, WorkItem
from ctotui.sanitize import clean_line
from ctotui.serialize import to_jsonable
from ctotui.standup import FINISHED_MOVES, BoardRow, Move, display_name
from ctotui.standup_people import PersonLine
from ctotui.standup_report import StandupReport

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def md(text: str, limit: int = 300) -> str:
    """Untrusted text made one inert Markdown line (no links, emphasis or HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", clean_line(text, limit))


def md_link(item: WorkItem) -> str:
    """`[key](url) title`; the link only when the URL is a plain http(s) address."""
    key = md(item.key, 80)
    url = clean_line(item.url, 500)
    if re.fullmatch(r"https?://[^\s<>]+", url):
        key = f"[{key}]({url.replace('(', '%28').replace(')', '%29')})"
    return f"{key} {md(item.title)}"


def _names(identities: Sequence[str], people: Mapping[str, Person]) -> str:
    return ", ".join(md(display_name(i, people), 60) for i in identities)


def _person_lines(line: PersonLine, report: StandupReport) -> list[str]:
    notes = [n for n in report.notes if n.person == line.key]
    now, lines = report.now, []
    for note in notes:
        if note.done.strip():
            lines.append(f"- Done: {md(note.done)}")
    for row in line.moved:
        if row.move is Move.MERGED:
            lines.append(f"- Done: {md_link(row.item)} (merged)")
        elif row.move is Move.DONE:
            lines.append(f"- Done: {md_link(row.item)}")
    for row in line.moved:
        if row.move is not None and row.move not in FINISHED_MOVES:
            lines.append(f"- {row.move.value.capitalize()}: {md_link(row.item)}")
    for note in notes:
        if note.next.strip():
            lines.append(f"- Next: {md(note.next)}")
    for item in line.items:
        if item.category in (StatusCategory.IN_PROGRESS, StatusCategory.IN_REVIEW):
            state = item.category.value.replace("_", " ")
            since = age(item.status_since or item.updated_at, now)
            lines.append(f"- Doing: {md_link(item)} ({state} {since})")
    for note in notes:
        if note.blockers.strip():
            lines.append(f"- Blocker: {md(note.blockers)}")
    for item in line.items:
        if item.category is StatusCategory.BLOCKED:
            reason = f": {md(item.blocked_reason)}" if item.blocked_reason else ""
            lines.append(f"- Blocked: {md_link(item)}{reason}")
    return lines or ["- Nothing reported"]


def _blocker_line(row: BoardRow, report: StandupReport) -> str:
    text = f"- {md_link(row.item)}"
    if row.item.blocked_reason:
        text += f": {md(row.item.blocked_reason)}"
    text += f" (blocked {age(row.since, report.now)}"
    if row.people:
        text += f"; can unblock: {_names(row.people, report.names)}"
    state = report.blockers.get(row.ref)
    if state is not None:
        text += f"; {state.state.value} on {state.raised_on:%a %d %b}"
    return text + (") **overdue**" if row.overdue else ")")


def summary_markdown(report: StandupReport) -> str:
    """The whole standup as Markdown, ready to paste or post."""
    board, now = report.board, report.now
    out = [f"# Standup {md(report.project.name, 80)}: {report.day:%a %d %b %Y}", ""]
    out.append(f"Since {board.moved_since:%a %d %b %H:%M}.")
    for line in report.people:
        out += ["", f"## {md(line.name, 80)}", *_person_lines(line, report)]
    if board.blocked:
        out += ["", "## Blockers", *(_blocker_line(r, report) for r in board.blocked)]
    if board.in_review:
        out += ["", "## Waiting for review"]
        for row in board.in_review:
            asked = _names(row.people, report.names)
            who = f"for {asked}" if asked else "no reviewer asked"
            out.append(f"- {md_link(row.item)} (waiting {age(row.since, now)}, {who})")
    if board.unowned:
        out += ["", "## Nobody is working on"]
        out += [f"- {md_link(r.item)} ({r.item.priority.value})" for r in board.unowned]
    if report.diff is not None and not report.diff.empty:
        change = report.diff
        out += ["", f"## Since the standup of {change.last_day:%a %d %b}"]
        out += [f"- New blocker: {md_link(r.item)}" for r in change.new_blockers]
        out += [f"- Blocker resolved: {md(key, 80)}" for _ref, key in change.resolved_blockers]
        out += [f"- Done as promised: {md_link(r.item)}" for r in change.promises_kept]
    if report.followups:
        out += ["", "## Follow-ups"]
        for link, todo in report.followups:
            owner = f" ({md(display_name(link.person, report.names), 60)})" if link.person else ""
            due = f", due {todo.due:%a %d %b}" if todo.due else ""
            out.append(f"- [ ] {md(todo.title)}{owner}{due}")
    return "\n".join(out) + "\n"


def _item(item: WorkItem) -> dict[str, Any]:
    return {
        "key": item.key,
        "title": item.title,
        "url": item.url,
        "source": item.source,
        "status": item.status,
        "category": item.category.value,
        "assignees": list(item.assignees),
    }


def _row(row: BoardRow) -> dict[str, Any]:
    data = _item(row.item)
    data.update(since=row.since.isoformat(), people=list(row.people))
    if row.move is not None:
        data["move"] = row.move.value
    if row.item.blocked_reason:
        data["blocked_reason"] = row.item.blocked_reason
    if row.overdue:
        data["overdue"] = True
    return data


def summary_data(report: StandupReport) -> dict[str, Any]:
    """The summary's facts as JSON-ready data, for scripts (`ctotui standup --format json`)."""
    board = report.board
    notes = {n.person: n for n in report.notes}
    people = [
        {
            "key": line.key,
            "name": line.name,
            "known": line.known,
            "has_note": line.has_note,
            "note": to_jsonable(notes[line.key]) if line.key in notes else None,
            "items": [_item(i) for i in line.items],
            "reviewing": [i.key for i in line.reviewing],
            "moved": [_row(r) for r in line.moved],
        }
        for line in report.people
    ]
    data: dict[str, Any] = {
        "project": report.project.name,
        "day": report.day.isoformat(),
        "since": board.moved_since.isoformat(),
        "people": people,
        "blocked": [_row(r) for r in board.blocked],
        "in_review": [_row(r) for r in board.in_review],
        "in_progress": [_row(r) for r in board.in_progress],
        "moved": [_row(r) for r in board.moved],
        "unowned": [_row(r) for r in board.unowned],
        "stale": [_row(r) for r in board.stale],
        "followups": [
            {"title": todo.title, "person": link.person, "item": link.item_ref, "todo_id": todo.id}
            for link, todo in report.followups
        ],
    }
    if report.diff is not None:
        data["changes"] = {
            "last_standup": report.diff.last_day.isoformat(),
            "new_blockers": [r.item.key for r in report.diff.new_blockers],
            "resolved_blockers": [key for _ref, key in report.diff.resolved_blockers],
            "done_as_promised": [r.item.key for r in report.diff.promises_kept],
        }
    return data
