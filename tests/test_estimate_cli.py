"""`ctotui estimate list | export | import` as scripts use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ctotui.cli import main

DEMO = "Client portal for Northwind"


def run(capsys: pytest.CaptureFixture[str], *argv: str, clock=None) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv), clock=clock)
    out, err = capsys.readouterr()
    return code, out, err


def test_list_prints_one_estimate_a_line_name_first(capsys, clock) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--demo", "estimate", "list", clock=clock)
    assert code == 0
    (line,) = out.splitlines()
    assert line.split("\t")[:3] == [DEMO, "Northwind Traders", "15 tasks"]


@pytest.mark.parametrize(
    ("fmt", "start"),
    [("md", f"# {DEMO}\n"), ("csv", "level,phase,task,"), ("json", "{"), ("toml", "name = ")],
)
def test_export_in_each_format(capsys, clock, fmt: str, start: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--demo", "estimate", "export", DEMO, "--format", fmt, clock=clock)
    assert code == 0
    assert out.startswith(start)
    if fmt == "json":
        assert json.loads(out)["figures"]["resources"]["roles"]


def test_export_of_an_unknown_name_lists_the_estimates(capsys, clock) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "--demo", "estimate", "export", "Nope", clock=clock)
    assert code == 2
    assert "no estimate named 'Nope'" in err and DEMO in err


def test_toml_export_then_import_gives_an_equal_estimate(capsys, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    file = tmp_path / "portal.toml"
    code, _, _ = run(
        capsys,
        "--demo",
        "estimate",
        "export",
        DEMO,
        "--format",
        "toml",
        "-o",
        str(file),
        clock=clock,
    )
    assert code == 0
    text = file.read_text()
    file.write_text(text.replace(f'name = "{DEMO}"', 'name = "Portal copy"', 1))
    code, out, _ = run(capsys, "--demo", "estimate", "import", str(file), clock=clock)
    assert code == 0 and "Imported 'Portal copy' with 15 tasks" in out
    code, out, _ = run(
        capsys, "--demo", "estimate", "export", "Portal copy", "--format", "toml", clock=clock
    )
    assert out == text.replace(f'name = "{DEMO}"', 'name = "Portal copy"', 1)
    code, out, _ = run(capsys, "--demo", "estimate", "list", clock=clock)
    assert len(out.splitlines()) == 2


def test_importing_a_broken_file_names_the_problem(capsys, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    file = tmp_path / "bad.toml"
    file.write_text('name = "x"\ncreated_at = 2026-11-18T09:30:00Z\nbudget = 3\n')
    code, _, err = run(capsys, "--demo", "estimate", "import", str(file), clock=clock)
    assert code == 2 and "Unknown key 'budget'" in err
    code, _, err = run(capsys, "--demo", "estimate", "import", str(tmp_path / "none.toml"))
    assert code == 2 and "Cannot read" in err


def test_import_replace_updates_the_estimate_of_the_same_name(
    capsys, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    file = tmp_path / "portal.toml"
    run(
        capsys,
        "--demo",
        "estimate",
        "export",
        DEMO,
        "--format",
        "toml",
        "-o",
        str(file),
        clock=clock,
    )
    file.write_text(file.read_text().replace("contingency_pct = 15.0", "contingency_pct = 25.0"))
    code, out, _ = run(capsys, "--demo", "estimate", "import", "--replace", str(file), clock=clock)
    assert code == 0 and out.startswith(f"Replaced '{DEMO}'")
    code, out, _ = run(
        capsys, "--demo", "estimate", "export", DEMO, "--format", "toml", clock=clock
    )
    assert "contingency_pct = 25.0" in out
    code, out, _ = run(capsys, "--demo", "estimate", "list", clock=clock)
    assert len(out.splitlines()) == 1
