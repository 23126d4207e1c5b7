"""TOML import/export round-trips without loss; exports hold what a client reads."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctotui import estimate_io, estimate_report, estimate_tree
from ctotui.estimate_analysis import analyse
from ctotui.estimate_settings import EstimateSettings, TeamMember
from ctotui.model import Estimate, EstimateRisk, EstimateTask, FixedCost

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
number = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def estimates(draw: st.DrawFn) -> Estimate:
    count = draw(st.integers(0, 12))
    tasks: list[EstimateTask] = []
    for index in range(count):
        o, m, p = sorted(draw(st.tuples(number, number, number)))
        tasks.append(
            EstimateTask(
                draw(text),
                draw(text),
                o,
                m,
                p,
                phase=draw(text),
                unit=draw(st.sampled_from(["d", "h"])),
                id=-(index + 1),
                links=tuple(draw(st.lists(text, max_size=2))),
            )
        )
    for index, task in enumerate(tasks[1:], start=1):
        # a parent among the earlier tasks keeps the list in preorder only when it is
        # an ancestor of the previous task (or the previous task itself)
        chain: list[int | None] = [None]
        node: int | None = index - 1
        up = estimate_tree.parents(tasks[:index])
        while node is not None:
            chain.append(node)
            node = up[node]
        parent = draw(st.sampled_from(chain))
        task.parent_id = None if parent is None else tasks[parent].id
    seconds = draw(st.integers(0, 10**9))
    return Estimate(
        name=draw(text.filter(bool)),
        client=draw(text),
        created_at=datetime(2000, 1, 1, tzinfo=UTC)
        + timedelta(seconds=seconds, microseconds=draw(st.integers(0, 999_999))),
        description=draw(text),
        contingency_pct=draw(number),
        start_date=draw(st.none() | st.dates(date(2000, 1, 1), date(2100, 1, 1))),
        tasks=tasks,
        assumptions=draw(st.lists(text, max_size=3)),
        risks=draw(
            st.lists(
                st.builds(EstimateRisk, text, st.floats(0, 1), number, number),
                max_size=3,
            )
        ),
        fixed_costs=draw(st.lists(st.builds(FixedCost, text, number), max_size=3)),
    )


def shape(estimate: Estimate) -> tuple[object, ...]:
    """Everything but store ids: fields, and the tree as parent positions."""
    tasks = tuple(
        (t.name, t.role, t.optimistic, t.likely, t.pessimistic, t.unit, t.phase, t.links, parent)
        for t, parent in zip(estimate.tasks, estimate_tree.parents(estimate.tasks), strict=True)
    )
    return (
        estimate.name,
        estimate.client,
        estimate.created_at,
        estimate.description,
        estimate.contingency_pct,
        estimate.start_date,
        tuple(estimate.assumptions),
        tuple(estimate.risks),
        tuple(estimate.fixed_costs),
        tasks,
    )


@settings(max_examples=150, deadline=None)
@given(estimates())
def test_toml_round_trip_is_lossless(estimate: Estimate) -> None:
    assert shape(estimate_io.loads(estimate_io.dumps(estimate))) == shape(estimate)


def test_the_file_nests_tasks_under_their_group() -> None:
    estimate = Estimate(
        "Portal",
        "Northwind",
        datetime(2026, 11, 18, 9, 30, tzinfo=UTC),
        tasks=[
            EstimateTask("Build", "", 0, 0, 0, id=1),
            EstimateTask("API", "backend", 1, 2, 3, parent_id=1, id=2),
        ],
    )
    written = estimate_io.dumps(estimate)
    assert "[[tasks.tasks]]" in written
    assert "created_at = 2026-11-18 09:30:00+00:00" in written


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("name = ", "not valid TOML"),
        ('name = "x"\ncreated_at = 2026-11-18T09:30:00Z\ncolour = 1', "Unknown key 'colour'"),
        ('client = "x"\ncreated_at = 2026-11-18T09:30:00Z', "name is missing"),
        ('name = "x"', "created_at"),
        (
            'name = "x"\ncreated_at = 2026-11-18T09:30:00Z\n[[tasks]]\nname = "a"\nlikely = "two"',
            r"tasks\[0\]\.likely must be a number",
        ),
        (
            'name = "x"\ncreated_at = 2026-11-18T09:30:00Z\n[[risks]]\nname = "r"\nprobability = 2',
            "between 0 and 1",
        ),
        (
            'name = "x"\ncreated_at = 2026-11-18T09:30:00Z\n[[tasks]]\nname = "a"\nunit = "w"',
            "unit",
        ),
    ],
)
def test_bad_files_say_which_key_and_how_to_fix_it(text: str, words: str) -> None:
    with pytest.raises(estimate_io.EstimateFileError, match=words):
        estimate_io.loads(text)


def small_analysis() -> estimate_report.Analysis:
    estimate = Estimate(
        "Portal | v2",
        "Northwind",
        datetime(2026, 11, 18, tzinfo=UTC),
        contingency_pct=10,
        start_date=date(2026, 11, 23),
        tasks=[
            EstimateTask("Build", "", 0, 0, 0, id=1),
            EstimateTask("API", "backend", 4, 6, 14, parent_id=1, id=2),
            EstimateTask("Review", "qa", 8, 16, 24, unit="h", parent_id=1, id=3),
        ],
        assumptions=["SSO exists"],
        risks=[EstimateRisk("Vendor late", 0.2, 5, 1000)],
        fixed_costs=[FixedCost("Hosting", 1200)],
    )
    team = EstimateSettings(
        rates=MappingProxyType({"backend": 800.0, "qa": 600.0}),
        people=(TeamMember("ana", "backend"), TeamMember("farah", "qa")),
    )
    return analyse(estimate, team, date(2026, 11, 18), trials=2000)


def test_markdown_proposal_has_scope_assumptions_risks_ranges_cost_and_resources() -> None:
    text = estimate_report.markdown(small_analysis())
    assert text.startswith("# Portal \\| v2\n")
    for heading in (
        "## Scope",
        "## Assumptions",
        "## Risks",
        "## Ranges",
        "## Cost",
        "## Resources",
    ):
        assert heading in text
    assert "| **Build** |" in text and "| 8h | 16h | 24h | 2.0 |" in text
    assert "| P50 | P80 | P90 | P95 |" in text and "| End date |" in text
    assert "Hosting: 1,200 EUR (fixed)" in text and "Contingency: 10%" in text
    assert "The team has the people" in text


def test_csv_has_one_row_per_task_with_pert_in_days() -> None:
    rows = list(csv.DictReader(io.StringIO(estimate_report.csv_text(small_analysis()))))
    assert [r["task"] for r in rows] == ["Build", "API", "Review"]
    assert rows[1]["phase"] == "Build" and rows[1]["level"] == "1"
    assert rows[2]["mean_days"] == "2.000" and rows[2]["unit"] == "h"


def test_json_holds_the_document_and_the_figures() -> None:
    data = json.loads(estimate_report.json_text(small_analysis()))
    assert data["name"] == "Portal | v2"
    assert data["tasks"][0]["tasks"][0]["name"] == "API"
    assert data["figures"]["percentiles"] == [50, 80, 90, 95]
    assert len(data["figures"]["cost"]) == 4
    assert data["figures"]["resources"]["roles"][0]["role"] == "backend"
