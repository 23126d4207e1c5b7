"""Shell completion scripts generated from the argparse parser, so they never drift.

`command_tree` reads the parser (every subcommand, including those that
extension modules register at run time, with their options, choices and
positionals); `bash_script`, `zsh_script` and `fish_script` turn that tree
into a script. The scripts walk the words typed so far to find which
(sub)command the cursor is in, skipping option values, then offer that
command's subcommands, options, or the values an option or positional takes.
"""

from __future__ import annotations

import argparse
import contextlib
from dataclasses import dataclass, field

SHELLS = ("bash", "zsh", "fish")
FILE_WORDS = ("file", "output", "config")


@dataclass(frozen=True, slots=True)
class Value:
    """What an option or positional takes: fixed words, a file, a directory, or free text."""

    kind: str  # "words", "file", "dir" or "text"
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Option:
    names: tuple[str, ...]
    help: str
    value: Value | None  # None: a flag


@dataclass(slots=True)
class Command:
    path: str  # "" for ctotui itself, else e.g. "todo import"
    help: str = ""
    options: list[Option] = field(default_factory=list)
    positionals: list[Value] = field(default_factory=list)
    subcommands: dict[str, Command] = field(default_factory=dict)

    def walk(self) -> list[Command]:
        """This command and every command below it, depth first."""
        found = [self]
        for sub in self.subcommands.values():
            found.extend(sub.walk())
        return found


def _value_of(action: argparse.Action) -> Value:
    if action.choices is not None:
        return Value("words", tuple(str(choice) for choice in action.choices))
    metavar = str(action.metavar or action.dest or "").lower()
    if metavar in ("dir", "directory") or metavar.endswith("_dir"):
        return Value("dir")
    if metavar in FILE_WORDS or any(word in metavar for word in FILE_WORDS):
        return Value("file")
    return Value("text")


def command_tree(parser: argparse.ArgumentParser, path: str = "", help: str = "") -> Command:
    """The parser as a tree of commands (hidden options left out)."""
    command = Command(path, help)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: str(choice.help or "") for choice in action._choices_actions}
            for name, sub in action.choices.items():
                sub_path = f"{path} {name}".strip()
                command.subcommands[name] = command_tree(sub, sub_path, helps.get(name, ""))
        elif action.help == argparse.SUPPRESS:
            continue
        elif action.option_strings:
            takes = action.nargs != 0
            value = _value_of(action) if takes else None
            command.options.append(Option(tuple(action.option_strings), _help(action), value))
        else:
            command.positionals.append(_value_of(action))
    return command


def _help(action: argparse.Action) -> str:
    text = str(action.help or "")
    if "%(" in text:
        with contextlib.suppress(KeyError, TypeError, ValueError):
            text = text % {"default": action.default, "prog": "ctotui"}
    return " ".join(text.split())


def _value_code(value: Value) -> str:
    """A value as the scripts' helper functions print it: `w:WORDS`, `f`, `d` or `n`."""
    if value.kind == "words":
        return "w:" + " ".join(value.words)
    return {"file": "f", "dir": "d"}.get(value.kind, "n")


def _sh(text: str) -> str:
    """Single-quoted for bash and zsh."""
    return "'" + text.replace("'", "'\\''") + "'"


def _fish(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _sh_helpers(root: Command) -> list[str]:
    """Case-statement helpers valid in both bash and zsh: the tree, as data."""
    commands = root.walk()
    lines = ["_ctotui_next() {  # PATH WORD: the path after WORD when it is a subcommand"]
    lines.append('    case "$1:$2" in')
    for command in commands:
        for name, sub in command.subcommands.items():
            lines.append(f"        {_sh(command.path + ':' + name)}) echo {_sh(sub.path)} ;;")
    lines += ["    esac", "}", ""]
    lines.append("_ctotui_value() {  # PATH OPTION: what the option takes; nothing for a flag")
    lines.append('    case "$1:$2" in')
    for command in commands:
        for option in command.options:
            if option.value is None:
                continue
            patterns = "|".join(_sh(f"{command.path}:{name}") for name in option.names)
            lines.append(f"        {patterns}) echo {_sh(_value_code(option.value))} ;;")
    lines += ["    esac", "}", ""]
    lines.append("_ctotui_positional() {  # PATH INDEX: what the INDEX-th positional takes")
    lines.append('    case "$1:$2" in')
    for command in commands:
        if command.subcommands:
            continue
        for index, value in enumerate(command.positionals):
            lines.append(
                f"        {_sh(f'{command.path}:{index}')}) echo {_sh(_value_code(value))} ;;"
            )
    lines += ["    esac", "}", ""]
    lines.append("_ctotui_words() {  # PATH: its subcommands and options")
    lines.append('    case "$1" in')
    for command in commands:
        words = [*command.subcommands, *(n for o in command.options for n in o.names)]
        lines.append(f"        {_sh(command.path)}) echo {_sh(' '.join(words))} ;;")
    lines += ["    esac", "}", ""]
    return lines


# Walks the typed words: PATH is the (sub)command, NPOS the positionals given to
# it, KIND what the word under the cursor is (a value code, or "" for words).
_SH_WALK = """\
_ctotui_walk() {  # WORDS... (the command line before the cursor, without "ctotui")
    path=""
    npos=0
    kind=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --*=*) ;;
            -*)
                kind="$(_ctotui_value "$path" "$1")"
                if [ -n "$kind" ]; then
                    if [ $# -eq 1 ]; then return; fi
                    shift
                fi
                kind="" ;;
            *)
                next="$(_ctotui_next "$path" "$1")"
                if [ -n "$next" ]; then path="$next"; npos=0; else npos=$((npos + 1)); fi ;;
        esac
        shift
    done
}
"""


def bash_script(root: Command) -> str:
    lines = [
        "# bash completion for ctotui, generated from its parser by `ctotui completion bash`.",
        '# Load it with: eval "$(ctotui completion bash)"',
        "",
        *_sh_helpers(root),
        _SH_WALK,
        """_ctotui() {
    local cur path npos kind next
    cur="${COMP_WORDS[COMP_CWORD]}"
    _ctotui_walk "${COMP_WORDS[@]:1:COMP_CWORD-1}"
    if [ -z "$kind" ] && [[ "$cur" != -* ]]; then
        kind="$(_ctotui_positional "$path" "$npos")"
        if [ -z "$kind" ] || [ "$kind" = n ]; then
            kind="w:$(_ctotui_words "$path")"
        fi
    elif [ -z "$kind" ]; then
        kind="w:$(_ctotui_words "$path")"
    fi
    case "$kind" in
        w:*) COMPREPLY=($(compgen -W "${kind#w:}" -- "$cur")) ;;
        f) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
        d) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
        *) COMPREPLY=() ;;
    esac
}
complete -F _ctotui ctotui""",
        "",
    ]
    return "\n".join(lines)


def zsh_script(root: Command) -> str:
    described = ["_ctotui_described() {  # PATH: NAME:DESCRIPTION lines for _describe"]
    described.append('    case "$1" in')
    for command in root.walk():
        entries = [f"{name}:{sub.help}" for name, sub in command.subcommands.items()]
        entries += [f"{name}:{o.help}" for o in command.options for name in o.names]
        body = "\n".join(entry.replace("\\", "\\\\") for entry in entries)
        described.append(f"        {_sh(command.path)}) print -r -- {_sh(body)} ;;")
    described += ["    esac", "}", ""]
    lines = [
        "#compdef ctotui",
        "# zsh completion for ctotui, generated from its parser by `ctotui completion zsh`.",
        "",
        *_sh_helpers(root),
        *described,
        _SH_WALK,
        """_ctotui() {
    local cur path npos kind next
    local -a entries
    cur="${words[CURRENT]}"
    _ctotui_walk "${(@)words[2,CURRENT-1]}"
    if [ -z "$kind" ] && [[ "$cur" != -* ]]; then
        kind="$(_ctotui_positional "$path" "$npos")"
    fi
    case "$kind" in
        w:*) compadd -- ${=kind#w:} ;;
        f) _files ;;
        d) _files -/ ;;
        n) ;;
        *)
            entries=("${(@f)$(_ctotui_described "$path")}")
            if [[ "$cur" == -* ]]; then
                entries=(${(M)entries:#-*})
            else
                entries=(${entries:#-*})
            fi
            _describe -t commands ctotui entries ;;
    esac
}

if [ "$funcstack[1]" = "_ctotui" ]; then
    _ctotui "$@"
else
    compdef _ctotui ctotui
fi""",
        "",
    ]
    return "\n".join(lines)


def fish_script(root: Command) -> str:
    commands = root.walk()
    lines = [
        "# fish completion for ctotui, generated from its parser by `ctotui completion fish`.",
        "",
        "function __ctotui_next --argument-names path word",
        '    switch "$path:$word"',
    ]
    for command in commands:
        for name, sub in command.subcommands.items():
            lines.append(f"        case {_fish(command.path + ':' + name)}")
            lines.append(f"            echo {_fish(sub.path)}")
    lines += ["    end", "end", "", "function __ctotui_takes_value --argument-names path option"]
    lines.append('    switch "$path:$option"')
    for command in commands:
        taking = [f"{command.path}:{n}" for o in command.options if o.value for n in o.names]
        if taking:
            lines.append("        case " + " ".join(_fish(t) for t in taking))
            lines.append("            return 0")
    lines += ["    end", "    return 1", "end", ""]
    lines += [
        "function __ctotui_path  # the (sub)command the cursor is in",
        "    set -l path ''",
        "    set -l skip 0",
        "    for word in (commandline -opc)[2..-1]",
        "        if test $skip = 1",
        "            set skip 0",
        "            continue",
        "        end",
        "        switch $word",
        "            case '--*=*'",
        "            case '-*'",
        '                __ctotui_takes_value "$path" $word; and set skip 1',
        "            case '*'",
        '                set -l next (__ctotui_next "$path" $word)',
        '                test -n "$next"; and set path $next',
        "        end",
        "    end",
        "    echo $path",
        "end",
        "",
        "function __ctotui_at --argument-names wanted",
        "    set -l here (__ctotui_path)",
        '    test "$here" = "$wanted"',
        "end",
        "",
        "complete -c ctotui -f",
    ]
    for command in commands:
        at = f"-n {_fish('__ctotui_at ' + _fish(command.path))}"
        for name, sub in command.subcommands.items():
            lines.append(f"complete -c ctotui {at} -a {_fish(name)} -d {_fish(sub.help)}")
        for option in command.options:
            flags = " ".join(
                f"-l {_fish(n[2:])}" if n.startswith("--") else f"-s {_fish(n[1:])}"
                for n in option.names
            )
            lines.append(f"complete -c ctotui {at} {flags}{_fish_value(option.value)} "
                         f"-d {_fish(option.help)}")  # fmt: skip
        if not command.subcommands:
            for value in command.positionals[:1]:
                lines.append(f"complete -c ctotui {at}{_fish_value(value)}")
    lines.append("")
    return "\n".join(lines)


def _fish_value(value: Value | None) -> str:
    if value is None:
        return ""
    if value.kind == "words":
        return f" -x -a {_fish(' '.join(value.words))}"
    if value.kind in ("file", "dir"):
        return " -r -F"
    return " -x"


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for `shell` (one of SHELLS) for this parser."""
    root = command_tree(parser)
    return {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}[shell](root)
