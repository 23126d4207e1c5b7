"""The core never imports Textual, so the CLI, sync and adapters start fast and run headless."""

from __future__ import annotations

import json
import subprocess
import sys

CORE_MODULES = [
    "ctotui.model",
    "ctotui.store",
    "ctotui.config",
    "ctotui.secrets",
    "ctotui.registry",
    "ctotui.doctor",
    "ctotui.sanitize",
    "ctotui.clock",
    "ctotui.adapters.base",
    "ctotui.sync",
    "ctotui.triage",
    "ctotui.overview",
    "ctotui.adapters.demo",
]
# Modules still being written elsewhere; they are checked as soon as they import.
NOT_YET_REQUIRED = {
    "ctotui.store",
    "ctotui.sync",
    "ctotui.triage",
    "ctotui.overview",
    "ctotui.adapters.demo",
}

SCRIPT = """
import importlib, json, sys
imported, skipped = [], []
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except ImportError:
        if name not in json.loads(sys.argv[2]):
            raise
        skipped.append(name)
    else:
        imported.append(name)
textual = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(json.dumps({"imported": imported, "skipped": skipped, "textual": textual}))
"""


def test_core_modules_do_not_import_textual() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            json.dumps(CORE_MODULES),
            json.dumps(sorted(NOT_YET_REQUIRED)),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert "ctotui.config" in report["imported"]
    assert report["textual"] == [], f"imported Textual: {report['textual'][:5]}"
