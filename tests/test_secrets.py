"""Secrets: three ways to give one, clear errors when it is missing, and never a leak."""

from __future__ import annotations

import logging
import shlex
import sys
import time

import pytest

from ctotui.errors import SecretError
from ctotui.secrets import SecretRef, parse_secret, redact, resolve_secret

TOKEN = "tok-9f8e7d6c5b4a-SECRET"


def python_command(code: str) -> str:
    """A command line that runs `code` with this interpreter, as a user would write it."""
    return shlex.join([sys.executable, "-c", code])


def test_three_forms_parse() -> None:
    assert parse_secret("abc") == SecretRef("plain", "abc")
    assert parse_secret({"env": "GH_TOKEN"}) == SecretRef("env", "GH_TOKEN")
    assert parse_secret({"command": "pass show gh"}) == SecretRef("command", "pass show gh")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ({}, "empty"),
        ({"env": "A", "command": "b"}, "both 'env' and 'command'"),
        ({"file": "/tmp/x"}, "unknown key 'file'"),
        ({"env": ""}, "non-empty string"),
        ({"env": 3}, "non-empty string"),
        ({"env": "A=B"}, "name of an environment variable"),
        ({"command": "pass 'unbalanced"}, "cannot be split"),
        (12345, "got an integer"),
        (["a"], "got an array"),
    ],
)
def test_bad_shapes_say_why(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_secret(value)


def test_plain_secret_never_shows_in_repr_or_str() -> None:
    ref = parse_secret(TOKEN)
    assert TOKEN not in repr(ref)
    assert TOKEN not in str(ref)
    assert TOKEN not in repr({"token": ref})
    assert repr(parse_secret({"env": "GH_TOKEN"})) == "<secret from environment variable GH_TOKEN>"
    command = parse_secret({"command": f"my-vault get --token {TOKEN}"})
    assert TOKEN not in repr(command)
    assert "my-vault" in repr(command)


def test_plain_and_env_resolve() -> None:
    assert resolve_secret(SecretRef("plain", TOKEN), source="s", option="o") == TOKEN
    env = SecretRef("env", "GH_TOKEN")
    assert resolve_secret(env, source="s", option="o", environ={"GH_TOKEN": TOKEN}) == TOKEN


def test_env_from_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTOTUI_TEST_TOKEN", TOKEN)
    ref = SecretRef("env", "CTOTUI_TEST_TOKEN")
    assert resolve_secret(ref, source="gh", option="token") == TOKEN


@pytest.mark.parametrize(("environ", "says"), [({}, "is not set"), ({"GH_TOKEN": " "}, "is empty")])
def test_env_errors_name_source_option_and_variable(environ: dict[str, str], says: str) -> None:
    with pytest.raises(SecretError) as caught:
        resolve_secret(SecretRef("env", "GH_TOKEN"), source="gh", option="token", environ=environ)
    message = caught.value.message
    assert "'gh'" in message and "'token'" in message and "GH_TOKEN" in message and says in message


def test_command_output_without_trailing_newline() -> None:
    ref = parse_secret({"command": python_command(f"print({TOKEN!r})")})
    assert resolve_secret(ref, source="mail", option="password") == TOKEN


def test_command_is_not_run_through_a_shell() -> None:
    ref = parse_secret({"command": python_command("import sys; print(sys.argv[1])") + " '$HOME;x'"})
    assert resolve_secret(ref, source="s", option="o") == "$HOME;x"


def test_failing_command_reports_only_the_exit_status(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    code = f"import sys; print({TOKEN!r}); print({TOKEN!r}, file=sys.stderr); sys.exit(3)"
    ref = parse_secret({"command": python_command(code)})
    with pytest.raises(SecretError) as caught:
        resolve_secret(ref, source="mail", option="password")
    message = caught.value.message
    assert "exit status 3" in message
    assert "'mail'" in message and "'password'" in message
    assert "python" in message
    assert TOKEN not in message
    assert TOKEN not in repr(caught.value)
    assert caught.value.__context__ is None


def test_command_printing_non_utf8_bytes() -> None:
    code = "import sys; sys.stdout.buffer.write(b'caf\\xe9')"
    ref = parse_secret({"command": python_command(code)})
    with pytest.raises(SecretError, match="non-UTF-8") as caught:
        resolve_secret(ref, source="s", option="o")
    assert caught.value.__context__ is None


def test_missing_program_is_named() -> None:
    ref = parse_secret({"command": "ctotui-no-such-vault-program get x"})
    with pytest.raises(SecretError, match="'ctotui-no-such-vault-program' was not found"):
        resolve_secret(ref, source="s", option="o")


def test_command_that_prints_nothing() -> None:
    ref = parse_secret({"command": python_command("print()")})
    with pytest.raises(SecretError, match="printed nothing"):
        resolve_secret(ref, source="s", option="o")


def test_slow_command_times_out() -> None:
    ref = parse_secret(
        {"command": python_command(f"import time; print({TOKEN!r}); time.sleep(30)")}
    )
    started = time.monotonic()
    with pytest.raises(SecretError, match=r"did not finish within 0\.5 seconds") as caught:
        resolve_secret(ref, source="s", option="o", timeout=0.5)
    assert time.monotonic() - started < 5
    assert TOKEN not in caught.value.message
    # No chained exception either: a logged traceback would show the command's output.
    assert caught.value.__context__ is None


def test_token_never_reaches_messages_reprs_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []
    refs = [
        SecretRef("plain", TOKEN),
        parse_secret({"env": "GH_TOKEN"}),
        parse_secret({"command": python_command(f"print({TOKEN!r})")}),
    ]
    for ref in refs:
        seen += [repr(ref), str(ref)]
        assert resolve_secret(ref, source="s", option="o", environ={"GH_TOKEN": TOKEN}) == TOKEN
    failing = [
        (SecretRef("env", "GH_TOKEN"), {"GH_TOKEN": ""}),
        (parse_secret({"command": python_command(f"import sys; sys.exit({TOKEN!r})")}), {}),
    ]
    for ref, environ in failing:
        with pytest.raises(SecretError) as caught:
            resolve_secret(ref, source="s", option="o", environ=environ)
        seen += [caught.value.message, str(caught.value), repr(caught.value)]
    for text in seen:
        assert TOKEN not in text
    assert caplog.records, "resolving should leave a debug trail"
    for record in caplog.records:
        assert TOKEN not in record.getMessage()


def test_redact_hides_each_secret_of_four_or_more_characters() -> None:
    text = f"401 for token {TOKEN} (prefix tok-9f8e) user abc"
    assert redact(text, [TOKEN, "tok-9f8e", "abc"]) == "401 for token *** (prefix ***) user abc"
    assert redact("nothing here", []) == "nothing here"
