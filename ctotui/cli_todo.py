"""To-dos and the daily review on the command line.

ctotui todo add "Review budget tomorrow 10am !high +finance"   # quick-add syntax
ctotui todo import FILE --format todotxt|taskwarrior            # FILE "-" reads stdin
ctotui todo export --format todotxt [--output FILE]
ctotui review --format md [--date YYYY-MM-DD] [--output FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctotui.cli_help import FORMATTER, examples
from ctotui.clock import Clock

if TYPE_CHECKING:
    from ctotui.model import Todo
    from ctotui.workspace import Workspace

EXIT_OK = 0
EXIT_USAGE = 2


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    todo = commands.add_parser(
        "todo",
        parents=[common],
        help="add, import and export to-dos",
        formatter_class=FORMATTER,
        epilog=examples(
            ('ctotui todo add "Call the bank tomorrow 10am !high +home"', "quick-add syntax"),
            ("ctotui todo import todo.txt --format todotxt", ""),
            ("ctotui todo export --format todotxt", ""),
        ),
    )
    verbs = todo.add_subparsers(dest="todo_command", metavar="VERB", required=True)
    add = verbs.add_parser(
        "add",
        parents=[common],
        help="add a to-do written in quick-add syntax",
        formatter_class=FORMATTER,
        epilog=examples(
            ('ctotui todo add "Call the bank tomorrow 10am !high +home"', "due, priority, tag"),
            ("ctotui todo add Review the budget friday", "quotes are optional"),
        ),
    )
    add.add_argument("line", nargs="+", help='e.g. "Call the bank tomorrow 10am !high +home"')
    add.set_defaults(handler=_add)
    load = verbs.add_parser(
        "import",
        parents=[common],
        help="import a todo.txt or taskwarrior file",
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui todo import ~/todo.txt --format todotxt", "a todo.txt file"),
            ("task export | ctotui todo import - --format taskwarrior", "from standard input"),
        ),
    )
    load.add_argument("file", help='the file ("-" reads standard input)')
    load.add_argument("--format", required=True, choices=["todotxt", "taskwarrior"])
    load.set_defaults(handler=_import)
    dump = verbs.add_parser(
        "export",
        parents=[common],
        help="print every to-do as todo.txt",
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui todo export --format todotxt", "to standard output"),
            ("ctotui todo export --output ~/todo.txt", "to a file"),
        ),
    )
    dump.add_argument("--format", default="todotxt", choices=["todotxt"], help="default: todotxt")
    dump.add_argument("--output", metavar="FILE", help="write here instead of standard output")
    dump.set_defaults(handler=_export)
    review = commands.add_parser(
        "review",
        parents=[common],
        help="the day's review as a Markdown digest",
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui review --format md", "today's digest on standard output"),
            ("ctotui review --date 2026-11-18 --output review.md", "another day, to a file"),
        ),
    )
    review.add_argument("--format", default="md", choices=["md"], help="default: md")
    review.add_argument("--date", type=_day, metavar="DATE", help="which day (default: today)")
    review.add_argument("--output", metavar="FILE", help="write here instead of standard output")
    review.set_defaults(handler=_review)


def _open(args: argparse.Namespace, clock: Clock) -> Workspace:
    from ctotui.cli import open_from_args

    workspace = open_from_args(args, clock)
    if workspace.demo and workspace.never_synced():
        from ctotui.sync import SyncEngine

        asyncio.run(SyncEngine(workspace.store, workspace.config, clock).sync_all())
    return workspace


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _add(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui.quickadd import parse, preview

    line = " ".join(args.line)
    parsed = parse(line, clock.now().astimezone())
    if not parsed.title:
        print("ctotui: a to-do needs a title: type what needs doing.", file=sys.stderr)
        return EXIT_USAGE
    workspace = _open(args, clock)
    try:
        todo_id = workspace.store.add_todo(parsed.to_todo(clock.now()))
    finally:
        workspace.close()
    print(f"Added to-do {todo_id}")
    for label, value in preview(parsed):
        print(f"  {label}: {value}")
    return EXIT_OK


def _known(todo: Todo) -> tuple[object, ...]:
    return (todo.title, todo.status, todo.due, todo.created_at.date())


def _import(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui import taskwarrior, todotxt

    try:
        source = sys.stdin if args.file == "-" else None
        text = source.read() if source else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"ctotui: cannot read {args.file}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "taskwarrior":
        todos = taskwarrior.parse(text)
    else:
        todos = todotxt.parse(text, clock.now())
    workspace = _open(args, clock)
    try:
        existing = workspace.store.list_todos()
        links = {link for t in existing for link in t.links}
        seen = {_known(t) for t in existing}
        added = skipped = 0
        for todo in todos:
            if (todo.links and set(todo.links) <= links) or _known(todo) in seen:
                skipped += 1
                continue
            workspace.store.add_todo(todo)
            seen.add(_known(todo))
            added += 1
    finally:
        workspace.close()
    print(f"Imported {added} to-do(s); {skipped} already there.")
    return EXIT_OK


def _export(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui import todotxt

    workspace = _open(args, clock)
    try:
        _write(todotxt.export(workspace.store.list_todos()), args.output)
    finally:
        workspace.close()
    return EXIT_OK


def _review(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui.review import digest_markdown, evening

    workspace = _open(args, clock)
    try:
        now = clock.now().astimezone()
        review = evening(workspace.store, workspace.config, now, args.date)
        _write(digest_markdown(review, now), args.output)
    finally:
        workspace.close()
    return EXIT_OK
