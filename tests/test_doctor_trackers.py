"""`doctor` asks the GitHub and GitLab servers whether they answer and accept the token."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fake_github import FakeGitHub
from fake_gitlab import FakeGitLab

from ctotui.adapters.github import GitHubAdapter
from ctotui.adapters.gitlab import GitLabAdapter
from ctotui.config import load_config
from ctotui.doctor import run_doctor

TOKEN = "ghp_doctor_5e4d3c2b1a"

CONFIG = """
[[sources]]
name = "gh"
adapter = "github"
token = { env = "CTOTUI_TEST_GH_TOKEN" }
repos = ["octocat/Hello-World"]

[[sources]]
name = "gl"
adapter = "gitlab"
token = { env = "CTOTUI_TEST_GL_TOKEN" }
projects = ["my-group/my-project"]
"""


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> tuple[FakeGitHub, FakeGitLab]:
    github, gitlab = FakeGitHub(), FakeGitLab()
    monkeypatch.setattr(GitHubAdapter, "transport", github.transport())
    monkeypatch.setattr(GitLabAdapter, "transport", gitlab.transport())
    monkeypatch.setenv("CTOTUI_TEST_GH_TOKEN", TOKEN)
    monkeypatch.setenv("CTOTUI_TEST_GL_TOKEN", "glpat-doctor-123456")
    return github, gitlab


def doctor(tmp_path: Path) -> tuple[str, int]:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    config = load_config(path)
    assert not config.problems, config.problems
    return run_doctor(config, data_dir=tmp_path / "data")


def test_healthy_trackers_report_login_and_scopes(
    tmp_path: Path, servers: tuple[FakeGitHub, FakeGitLab]
) -> None:
    report, code = doctor(tmp_path)
    assert code == 0, report
    assert "    server: token accepted for octocat, scopes repo, notifications, read:org" in report
    assert "    server: token accepted for john_smith, scopes api" in report
    github, gitlab = servers
    assert [r.url.path for r in github.requests] == ["/user"]
    assert [r.url.path for r in gitlab.requests] == [
        "/api/v4/user",
        "/api/v4/personal_access_tokens/self",
    ]


def test_rejected_token_and_missing_scope_exit_2_without_the_secret(
    tmp_path: Path, servers: tuple[FakeGitHub, FakeGitLab]
) -> None:
    github, gitlab = servers
    github.failures.append(
        lambda r: httpx.Response(401, json={"message": f"Bad credentials {TOKEN}"})
    )
    gitlab.scopes = ["read_api"]
    report, code = doctor(tmp_path)
    assert code == 2
    assert "    server: FAILS: GitHub (gh) rejected the token (401)" in report
    assert "    server: FAILS: GitLab (gl): token for john_smith lacks scope api" in report
    assert "Result: 2 source(s) whose server check fails; see above." in report
    assert TOKEN not in report


def test_unreachable_server_is_reported(
    tmp_path: Path, servers: tuple[FakeGitHub, FakeGitLab], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    async def no_sleep(seconds: float) -> None:
        return None

    monkeypatch.setattr(GitHubAdapter, "transport", httpx.MockTransport(refuse))
    monkeypatch.setattr(GitHubAdapter, "sleep", staticmethod(no_sleep))
    report, code = doctor(tmp_path)
    assert code == 2
    assert "server: FAILS: api.github.com refused the connection for GitHub (gh)" in report
