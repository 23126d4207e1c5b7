"""`ctotui init`: add sources to the config, in a form or (with --adapter) from a script.

Both ways use the same checks (`config_write_input`), the same connection
test (`config_write_check`) and the same writer (`config_write`), so a script
gets exactly what the form would write.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctotui.cli_help import FORMATTER, examples
from ctotui.clock import Clock

if TYPE_CHECKING:
    from ctotui.adapters.base import Adapter
    from ctotui.config_write_input import RawValue

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "init",
        parents=[common],
        help="add sources to the config (a setup form, or --adapter for scripts)",
        description=(
            "Add sources to the config. Without --adapter a full-screen form lists the "
            "installed adapters and asks for each one's options; with --adapter the "
            "options come from --option. Either way the new [[sources]] tables are "
            "appended to the config (a backup is kept, nothing you wrote is changed) "
            "and the result is checked like `ctotui doctor` checks it.\n\n"
            "Exit status: 0 written, 1 connection test failed or not confirmed, "
            "2 invalid options."
        ),
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui init", "the setup form"),
            ("ctotui init --list-adapters", "every adapter and its options"),
            (
                "ctotui init --adapter imap --name work --option host=imap.acme.example \\\n"
                "      --option username=me@acme.example "
                '--option password.command="pass show mail/work" --test --yes',
                "add an IMAP account, test the login, write without asking",
            ),
            (
                "ctotui init --adapter github --option token.env=GITHUB_TOKEN "
                "--option repos=acme/api,acme/web --dry-run",
                "print the diff only (a list option is comma-separated)",
            ),
            (
                "ctotui init --adapter jira --option base_url=https://acme.atlassian.net \\\n"
                "      --option email=me@acme.example "
                """--option 'jql=["api: project in (API, WEB)"]' \\\n"""
                "      --option token=s3cret --allow-plain-secret",
                "an item with a comma as a TOML array; a secret as plain text only if you "
                "insist (with a warning)",
            ),
        ),
    )
    parser.add_argument("--adapter", metavar="NAME", help="the adapter of the new source")
    parser.add_argument(
        "--name", metavar="NAME", help="the new source's name (default: the adapter's, made unique)"
    )
    parser.add_argument(
        "--option",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="an option of the adapter; secrets as KEY.env=VARIABLE or KEY.command=COMMAND",
    )
    parser.add_argument(
        "--allow-plain-secret",
        action="store_true",
        help="accept KEY=VALUE for a secret option (written as plain text, with a warning)",
    )
    parser.add_argument(
        "--test", action="store_true", help="test the connection first; write nothing if it fails"
    )
    parser.add_argument(
        "--yes", action="store_true", help="append to an existing config without asking"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    parser.add_argument(
        "--list-adapters",
        action="store_true",
        help="print the installed adapters and their options, then exit",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui import paths

    if args.demo:
        print("ctotui: init writes your own config; the demo workspace needs none", file=sys.stderr)
        return EXIT_USAGE
    if args.list_adapters:
        return _list_adapters()
    path = paths.config_path(args.config)
    if args.adapter is None:
        if args.option or args.name or args.test or args.dry_run:
            print("ctotui: --name, --option, --test and --dry-run need --adapter", file=sys.stderr)
            return EXIT_USAGE
        return _interactive(path, clock)
    return _scripted(args, path, clock)


def _list_adapters() -> int:
    from ctotui.config_write_input import (
        REFERENCE_KINDS,
        adapter_choices,
        default_text,
        form_options,
    )
    from ctotui.sanitize import clean_line

    for choice in adapter_choices():
        print(f"{clean_line(choice.name)}: {clean_line(choice.description or choice.error)}")
        if choice.adapter_class is None:
            continue
        for spec in form_options(choice.adapter_class):
            marks = [spec.type.value]
            if spec.required:
                marks.append("required")
            if spec.secret:
                marks.append(
                    "secret: " + " or ".join(f"{spec.name}.{k}=..." for k in REFERENCE_KINDS)
                )
            if default_text(spec):
                marks.append(f"default {default_text(spec)}")
            if spec.choices:
                marks.append("one of " + ", ".join(spec.choices))
            print(f"  {clean_line(spec.name)} ({clean_line('; '.join(marks))}): ", end="")
            print(clean_line(spec.help, 1000))
    return EXIT_OK


def _interactive(path: Path, clock: Clock) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "ctotui: the setup form needs a terminal; in scripts use "
            "`ctotui init --adapter NAME --option KEY=VALUE ...` (see --help)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from ctotui.screens.init import InitApp

    app = InitApp(path, clock=clock)
    app.run()
    if app.written is None:
        print("Nothing written.")
        return EXIT_FAILED
    print(app.written)
    return EXIT_OK


def _scripted(args: argparse.Namespace, path: Path, clock: Clock) -> int:
    from ctotui import registry
    from ctotui.config_write import (
        done_message,
        existing_source_names,
        plan_write,
        suggest_name,
        write_plan,
    )
    from ctotui.config_write_check import check_connection
    from ctotui.config_write_input import PLAIN_WARNING, build_draft
    from ctotui.sanitize import clean_line

    adapter_class = registry.load_adapter(args.adapter)
    inputs, errors = parse_options(args.option, adapter_class, allow_plain=args.allow_plain_secret)
    taken = existing_source_names(path)
    name = args.name if args.name is not None else suggest_name(args.adapter, taken)
    draft, field_errors = build_draft(
        args.adapter,
        adapter_class,
        name,
        inputs,
        allow_plain=args.allow_plain_secret,
        taken=taken,
    )
    for key, text in {**field_errors, **errors}.items():
        label = "--name" if key == "name" else f"option {clean_line(key, 80)!r}"
        print(f"ctotui init: {label}: {clean_line(text, 1000)}", file=sys.stderr)
    if errors or field_errors:
        return EXIT_USAGE
    if any(isinstance(v, str) for k, v in draft.values.items() if _is_secret(adapter_class, k)):
        print(f"ctotui init: warning: {PLAIN_WARNING}", file=sys.stderr)
    if args.test:
        result = check_connection(draft, adapter_class)
        print(f"{draft.name}: {result.text}")
        if not result.ok:
            print("Nothing written.", file=sys.stderr)
            return EXIT_FAILED
    plan = plan_write(path, [draft], now=clock.now(), loader=_loader(args.adapter, adapter_class))
    sys.stdout.write(plan.diff)
    if args.dry_run:
        print("Dry run: nothing written.")
        return EXIT_OK
    if not plan.new_file and not args.yes and not _confirm(path):
        return EXIT_FAILED if sys.stdin.isatty() else EXIT_USAGE
    write_plan(plan)
    print(done_message(plan))
    return EXIT_OK


def _is_secret(adapter_class: type[Adapter], option: str) -> bool:
    return any(spec.secret for spec in adapter_class.options if spec.name == option)


def _loader(name: str, adapter_class: type[Adapter]) -> Callable[[str], type[Adapter]]:
    from ctotui import registry

    def load(wanted: str) -> type[Adapter]:
        return adapter_class if wanted == name else registry.load_adapter(wanted)

    return load


def _confirm(path: Path) -> bool:
    if not sys.stdin.isatty():
        print(
            f"ctotui init: {path} exists; pass --yes to append the diff above to it",
            file=sys.stderr,
        )
        return False
    try:
        answer = input(f"Append this to {path}? (a backup is kept) [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() in ("y", "yes"):
        return True
    print("Nothing written.")
    return False


def parse_options(
    pairs: list[str], adapter_class: type[Adapter], *, allow_plain: bool = False
) -> tuple[dict[str, RawValue], dict[str, str]]:
    """`--option` values as form inputs, and errors keyed by the option they name."""
    from ctotui.adapters.base import OptionType
    from ctotui.config_problems import did_you_mean
    from ctotui.config_values import ValueProblem
    from ctotui.config_write_input import REFERENCE_KINDS, SecretInput, form_options, split_list

    specs = {spec.name: spec for spec in form_options(adapter_class)}
    inputs: dict[str, RawValue] = {}
    errors: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        option, suffix = (key, "") if key in specs or "." not in key else _split_key(key)
        if not sep or not option:
            errors[pair] = "write it as KEY=VALUE (or KEY.env=VARIABLE for a secret)"
            continue
        spec = specs.get(option)
        if spec is None:
            errors[option] = (
                f"the {adapter_class.name} adapter has no such option"
                + did_you_mean(option, list(specs))
                + f"; its options: {', '.join(specs)}"
            )
            continue
        is_list = spec.type is OptionType.STRING_LIST
        if option in inputs and not is_list:
            errors[option] = "given more than once"
            continue
        if spec.secret:
            if suffix and suffix not in REFERENCE_KINDS:
                forms = " or ".join(f"{option}.{kind}=..." for kind in REFERENCE_KINDS)
                errors[option] = f"write it as {forms}"
                continue
            if not suffix and not allow_plain:
                errors[option] = (
                    f"{option} is a secret: write {option}.env=VARIABLE or "
                    f'{option}.command="pass show ..." (or add --allow-plain-secret to '
                    "write it as plain text)"
                )
                continue
            inputs[option] = SecretInput(suffix or "plain", value)
        elif suffix:
            errors[option] = f"{option} is not a secret; write {option}=VALUE"
        elif is_list:
            try:
                items = split_list(value)
            except ValueProblem as problem:
                errors[option] = f"{problem.text} ({problem.fix})"
                continue
            earlier = inputs.get(option)
            inputs[option] = [*(earlier if isinstance(earlier, list) else []), *items]
        else:
            inputs[option] = value
    return inputs, errors


def _split_key(key: str) -> tuple[str, str]:
    """`password.env` -> ("password", "env"); an option name may itself hold dots."""
    option, _, suffix = key.rpartition(".")
    return option, suffix
