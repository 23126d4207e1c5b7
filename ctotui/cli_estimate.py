"""`ctotui estimate list | export NAME --format md|csv|json|toml | import FILE`.

Estimates leave and enter the store as files: a Markdown proposal or CSV for
the client, JSON for scripts, TOML to keep an estimate in git and bring it back
without loss.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctotui.cli_help import FORMATTER, examples
from ctotui.clock import Clock

if TYPE_CHECKING:
    from ctotui.model import Estimate
    from ctotui.workspace import Workspace

EXIT_OK = 0
EXIT_USAGE = 2
FORMATS = ("md", "csv", "json", "toml")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "estimate",
        parents=[common],
        help="list, export and import estimates",
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui estimate list", "one estimate a line, its name first"),
            ("ctotui estimate export NAME --format md", "the proposal as Markdown"),
            ("ctotui estimate import FILE.toml", "add an estimate from a TOML file"),
        ),
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser(
        "list",
        parents=[common],
        help="one estimate a line, name first",
        formatter_class=FORMATTER,
        epilog=examples(("ctotui estimate list", "name, client, tasks, days ± spread")),
    )
    listing.set_defaults(handler=run_list)
    export = verbs.add_parser(
        "export",
        parents=[common],
        help="print or write one estimate",
        formatter_class=FORMATTER,
        epilog=examples(
            ('ctotui estimate export "Billing v2"', "the proposal as Markdown on stdout"),
            ('ctotui estimate export "Billing v2" --format csv --output billing.csv', ""),
            (
                'ctotui estimate export "Billing v2" --format toml -o billing.toml',
                "a file to keep in git; `estimate import` reads it back",
            ),
        ),
    )
    export.add_argument("name", help="the estimate's name (see `ctotui estimate list`)")
    export.add_argument("--format", choices=FORMATS, default="md", help="default: md")
    export.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    export.set_defaults(handler=run_export)
    load = verbs.add_parser(
        "import",
        parents=[common],
        help="add an estimate from a TOML file",
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui estimate import billing.toml", "add it (a new estimate)"),
            ("ctotui estimate import billing.toml --replace", "update the one of the same name"),
        ),
    )
    load.add_argument("file", help="a TOML file written by `estimate export --format toml`")
    load.add_argument(
        "--replace",
        action="store_true",
        help="update the estimate of the same name instead of adding a new one",
    )
    load.set_defaults(handler=run_import)


def run_list(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui.cli import open_from_args
    from ctotui.estimate import summarize
    from ctotui.sanitize import clean_line

    workspace = open_from_args(args, clock)
    try:
        hours = workspace.config.estimates.hours_per_day
        estimates = workspace.store.list_estimates()
        for estimate in estimates:
            summary = summarize(estimate, hours)
            total = summary.total
            fields = [
                clean_line(estimate.name, 80),
                clean_line(estimate.client, 40),
                f"{len(summary.tasks) + len(summary.invalid)} tasks",
                f"{total.mean:.1f} d ± {total.sd:.1f}",
            ]
            print("\t".join(fields))
        if not estimates:
            print("No estimates in the store.", file=sys.stderr)
        return EXIT_OK
    finally:
        workspace.close()


def _find(workspace: Workspace, name: str) -> Estimate | None:
    from ctotui.sanitize import clean_line

    estimates = workspace.store.list_estimates()
    found = next((e for e in estimates if e.name == name), None)
    if found is None:
        names = ", ".join(repr(clean_line(e.name, 60)) for e in estimates) or "none"
        print(
            f"ctotui: no estimate named {clean_line(name, 60)!r} (estimates: {names})",
            file=sys.stderr,
        )
    return found


def run_export(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui import estimate_io, estimate_report
    from ctotui.cli import open_from_args
    from ctotui.estimate_analysis import analyse

    workspace = open_from_args(args, clock)
    try:
        estimate = _find(workspace, args.name)
        if estimate is None:
            return EXIT_USAGE
        if args.format == "toml":
            text = estimate_io.dumps(estimate)
        else:
            analysis = analyse(estimate, workspace.config.estimates, clock.now().date())
            writers = {
                "md": estimate_report.markdown,
                "csv": estimate_report.csv_text,
                "json": estimate_report.json_text,
            }
            text = writers[args.format](analysis)
    finally:
        workspace.close()
    if args.output:
        Path(args.output).expanduser().write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def run_import(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui import estimate_io
    from ctotui.cli import open_from_args
    from ctotui.errors import CtotuiError
    from ctotui.sanitize import clean_line

    path = Path(args.file).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CtotuiError(f"Cannot read {path}: {error}", title="Import failed") from None
    estimate = estimate_io.loads(text)
    workspace = open_from_args(args, clock)
    try:
        verb = "Imported"
        if args.replace:
            same = [e for e in workspace.store.list_estimates() if e.name == estimate.name]
            if len(same) > 1:
                print(
                    f"ctotui: {len(same)} estimates are named {clean_line(estimate.name, 60)!r};"
                    " rename one in the app (r) first",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            if same:
                estimate.id = same[0].id
                verb = "Replaced"
        workspace.store.save_estimate(estimate)
    finally:
        workspace.close()
    print(f"{verb} {clean_line(estimate.name, 80)!r} with {len(estimate.tasks)} tasks")
    return EXIT_OK
