"""A config file with a plain-text secret that others can read: one warning, with the fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ctotui.cli import main
from ctotui.config import load_config
from ctotui.doctor import run_doctor
from ctotui.secrets_exposure import exposed_secret_warning

PASSWORD = "plain-pw-8c7b6a5d4e"

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")


def write_config(tmp_path: Path, password: str, mode: int) -> Path:
    (tmp_path / "mail").mkdir(exist_ok=True)
    path = tmp_path / "config.toml"
    path.write_text(
        "[[sources]]\n"
        'name = "work-mail"\n'
        'adapter = "maildir"\n'
        f'path = "{tmp_path / "mail"}"\n'
        f"smtp_password = {password}\n"
    )
    os.chmod(path, mode)
    return path


@pytest.mark.parametrize(
    ("mode", "who"), [(0o644, "group and others"), (0o640, "its group"), (0o604, "other users")]
)
def test_warning_names_the_option_the_mode_and_the_fix(tmp_path: Path, mode: int, who: str) -> None:
    path = write_config(tmp_path, f'"{PASSWORD}"', mode)
    warning = exposed_secret_warning(load_config(path))
    assert warning is not None
    assert "work-mail.smtp_password" in warning and who in warning
    assert f"mode {mode:03o}" in warning
    assert f"chmod 600 {path}" in warning
    assert PASSWORD not in warning


def test_no_warning_for_a_private_file_or_secret_references(tmp_path: Path) -> None:
    private = write_config(tmp_path, f'"{PASSWORD}"', 0o600)
    assert exposed_secret_warning(load_config(private)) is None
    readable_ref = write_config(tmp_path, '{ env = "SMTP_PASSWORD" }', 0o644)
    assert exposed_secret_warning(load_config(readable_ref)) is None


def test_doctor_and_cli_show_the_warning_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(tmp_path, f'"{PASSWORD}"', 0o644)
    report, _code = run_doctor(load_config(path), data_dir=tmp_path / "data")
    assert report.count(f"WARNING: {path} holds plain-text secrets") == 1
    assert f"chmod 600 {path}" in report and PASSWORD not in report

    assert main(["--config", str(path), "--data-dir", str(tmp_path / "d"), "list", "todos"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("ctotui: warning:") == 1
    assert f"chmod 600 {path}" in captured.err
    assert PASSWORD not in captured.out + captured.err

    os.chmod(path, 0o600)
    assert main(["--config", str(path), "--data-dir", str(tmp_path / "d"), "list", "todos"]) == 0
    assert "warning" not in capsys.readouterr().err
    report, _code = run_doctor(load_config(path), data_dir=tmp_path / "data")
    assert "WARNING" not in report


async def test_the_app_shows_the_warning_at_start(tmp_path: Path, clock: object) -> None:
    from ctotui.app import CtoApp
    from ctotui.workspace import open_workspace

    path = write_config(tmp_path, f'"{PASSWORD}"', 0o644)
    workspace = open_workspace(
        config_arg=str(path), data_dir_arg=str(tmp_path / "data"), demo=False, clock=clock
    )
    try:
        app = CtoApp(workspace, clock=clock, sync_on_start=False)  # type: ignore[arg-type]
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            shown = [n.message for n in app._notifications]
            warnings = [m for m in shown if "plain-text secrets" in m]
            assert len(warnings) == 1
            assert f"chmod 600 {path}" in warnings[0] and PASSWORD not in warnings[0]
    finally:
        workspace.close()
