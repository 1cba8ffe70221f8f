"""The bulk jobs: every input, one process or several, each case once, outputs whole."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow.compliance.recomputation import recompute
from civicflow.exchange.documents.ingest import InputError, InputStats, read_cases
from civicflow.exchange.documents.serialization import case_to_json
from civicflow.exchange.documents.synth import synth_cases
from civicflow.exchange.jobs import duplicates
from civicflow.exchange.jobs.duplicates import jsonl_index
from civicflow.exchange.jobs.pipeline import recomputed, report, verdicts
from civicflow.exchange.jobs.sources import Source, columns
from civicflow.exchange.reports.verdicts import verdict_rows

AS_OF = dt.datetime(2026, 9, 1)
EXAMPLES = Path(__file__).parents[3] / "examples" / "data"


def jsonl(cases: list[cf.Case], extra: dict[int, str] | None = None) -> str:
    lines = [case_to_json(c, indent=None) for c in cases]
    for at, text in sorted((extra or {}).items()):
        lines.insert(at, text)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def hotline() -> list[cf.Case]:
    return list(synth_cases(400, seed=21))


def test_a_json_lines_file_reports_as_report_cases(hotline: list[cf.Case], tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(jsonl(hotline), encoding="utf-8")
    done = report(Source(path), AS_OF, by=("department",), period="month")
    assert done.reports[0] == cf.report_cases(hotline, AS_OF, by=("department",), period="month")
    assert done.stats.cases == 400
    assert done.per_case == 0  # reclassified cases too run on the arrays
    assert done.stats.per_case == 0


@pytest.mark.parametrize("kind", ["bytes", "stream", "cases", "csv-events", "csv-cases"])
def test_every_input_reports_alike(hotline: list[cf.Case], tmp_path: Path, kind: str) -> None:
    cases = hotline[:120]
    text = jsonl(cases)
    if kind == "bytes":
        source = Source(text.encode())
    elif kind == "stream":
        source = Source(io.BytesIO(text.encode()))
    elif kind == "cases":
        source = Source(cases)
    else:
        path = tmp_path / "cases.csv"
        path.write_text(_csv(cases, kind), encoding="utf-8")
        source = Source(path, kind)
    done = report(source, AS_OF, by=("type",))
    assert done.reports[0] == cf.report_cases(cases, AS_OF, by=("type",))


def _csv(cases: list[cf.Case], kind: str) -> str:
    """The cases as CSV in civicflow's layouts, their fields as ``field.<name>`` columns."""
    import csv
    import json

    names = sorted({k for c in cases for k, _ in c.fields})
    out = io.StringIO()
    w = csv.writer(out)
    opening = ["id", "workflow", "received", "type", "category", "urgency", "channel"]
    fields = [f"field.{n}" for n in names]
    if kind == "csv-cases":
        w.writerow([*opening, *fields, "events"])
    else:
        w.writerow([*opening, *fields, "event_id", "event", "at", "extension", "changes"])
    for c in cases:
        doc = json.loads(case_to_json(c, indent=None))
        head = [doc.get(k, "") for k in opening] + [doc.get("fields", {}).get(n, "") for n in names]
        events = doc.get("events", [])
        if kind == "csv-cases":
            w.writerow([*head, json.dumps(events)])
            continue
        if not events:
            w.writerow([*head, "", "", "", "", ""])
        for e in events:
            changes = json.dumps(e["changes"]) if e.get("changes") else ""
            w.writerow([*head, e["id"], e["name"], e["at"], e.get("extension", ""), changes])
    return out.getvalue()


def test_a_platform_export_reports_through_its_mapping() -> None:
    path = EXAMPLES / "urban-export.csv"
    done = report(Source(path, mapping="urban-management"), AS_OF, by=("category",))
    from civicflow.exchange.tables.files import read_table
    from civicflow.exchange.tables.mappings import load_mapping

    cases = [c for _, c in read_table(path, load_mapping("urban-management"))]
    assert done.reports[0] == cf.report_cases(cases, AS_OF, by=("category",))


def test_two_processes_give_the_figures_bad_lines_and_counts_of_one(
    hotline: list[cf.Case], tmp_path: Path
) -> None:
    path = tmp_path / "cases.jsonl"
    spoilt = {30: "not json", 200: "", 201: '{"schema": "civicflow.case/1", "id": "x"}'}
    path.write_text(jsonl(hotline, spoilt), encoding="utf-8")
    found: dict[int, list[tuple[int, tuple[str, ...]]]] = {1: [], 2: []}
    results = {}
    for jobs in (1, 2):
        kept = found[jobs]

        def keep(e: InputError, kept: list[tuple[int, tuple[str, ...]]] = kept) -> None:
            kept.append((e.line, e.problems))

        results[jobs] = report(
            Source(path), AS_OF, by=("department",), period="quarter", jobs=jobs, on_bad=keep
        )
    one, two = results[1], results[2]
    assert one.reports == two.reports
    assert found[1] == found[2]
    assert [n for n, _ in found[1]] == [31, 202]
    assert (one.stats.lines, one.stats.cases, one.stats.bad) == (
        two.stats.lines,
        two.stats.cases,
        two.stats.bad,
    )
    assert one.per_case == two.per_case


def test_a_case_id_twice_is_a_bad_line_with_both_lines(
    hotline: list[cf.Case], tmp_path: Path
) -> None:
    cases = hotline[:50]
    again = case_to_json(cases[3], indent=None)
    path = tmp_path / "cases.jsonl"
    path.write_text(jsonl(cases, {45: again}), encoding="utf-8")
    with pytest.raises(InputError, match=r"line 46: case id '12345-000004' was read on line 4"):
        report(Source(path), AS_OF)
    bad: list[InputError] = []
    for jobs in (1, 2):
        bad.clear()
        done = report(Source(path), AS_OF, jobs=jobs, on_bad=bad.append)
        assert [e.line for e in bad] == [46]
        assert done.reports[0] == cf.report_cases(cases, AS_OF)  # counted once
        assert done.stats.lines == done.stats.blank + done.stats.case_lines + done.stats.bad_lines
    # Input read once (not a file): the same, found as it goes.
    bad.clear()
    done = report(Source(path.read_bytes()), AS_OF, on_bad=bad.append)
    assert [e.line for e in bad] == [46]
    assert done.reports[0] == cf.report_cases(cases, AS_OF)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["A", "B", "C", "D", "É", ""]), max_size=30), st.booleans())
def test_every_id_seen_before_is_found_exactly(ids: list[str], collide: bool) -> None:
    """Whatever the hash does (here, sometimes every id has the same hash), only an id
    that came before counts as twice."""
    import json
    import tempfile

    lines = [json.dumps({"id": i}) if i else "" for i in ids]
    expected: dict[int, int] = {}
    first: dict[str, int] = {}
    for n, i in enumerate(ids, 1):
        if not i:
            continue
        if i in first:
            expected[n] = first[i]
        else:
            first[i] = n
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ids.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        original = duplicates._hash
        try:
            if collide:
                duplicates._hash = lambda _: 7
            assert jsonl_index(path).twice == expected
        finally:
            duplicates._hash = original


def test_jobs_are_checked(hotline: list[cf.Case], tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(_csv(hotline[:5], "csv-events"), encoding="utf-8")
    with pytest.raises(cf.ArgumentError, match="only JSON Lines is read in several processes"):
        report(Source(path), AS_OF, jobs=2)
    with pytest.raises(cf.ArgumentError, match="1 or more"):
        report(Source(path), AS_OF, jobs=0)
    with pytest.raises(cf.ArgumentError, match="a file, not a stream"):
        report(Source(jsonl(hotline[:5]).encode()), AS_OF, jobs=2)
    with pytest.raises(cf.ArgumentError, match="jobs=a number of about 5001 digits: "):
        report(Source(path), AS_OF, jobs=10**5000)


def test_verdicts_and_recomputation_are_those_of_the_per_case_functions(
    hotline: list[cf.Case],
) -> None:
    cases = hotline[:150]
    source = Source(jsonl(cases).encode())
    assert list(verdicts(source, AS_OF)) == list(verdict_rows(cases, AS_OF))
    assert list(verdicts(source, AS_OF, language="en")) == list(
        verdict_rows(cases, AS_OF, language="en")
    )
    old = cf.china_calendar()
    new = old.with_days_off([dt.date(2025, 3, 4), dt.date(2025, 3, 5)], "台风停工")
    at = dt.datetime(2025, 3, 4, 12)
    expected = recompute(cases, cf.hotline_policy(), old, new, at)
    assert expected
    assert recomputed(source, old, new, at) == expected


def test_progress_is_reported(hotline: list[cf.Case], tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(jsonl(hotline), encoding="utf-8")
    seen: list[tuple[int, int]] = []
    report(Source(path), AS_OF, progress=lambda done, cases: seen.append((done, cases)))
    assert seen
    assert seen[-1] == (path.stat().st_size, 400)


def test_sources_say_what_they_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(cf.ArgumentError, match="through a mapping"):
        Source(tmp_path / "export.xlsx").kind()
    with pytest.raises(cf.ArgumentError, match="a mapping reads tables"):
        Source(tmp_path / "c.jsonl", "jsonl", mapping="hotline-12345").kind()
    with pytest.raises(cf.ArgumentError, match="format must be one of"):
        Source(tmp_path / "c.jsonl", "xml").kind()
    with pytest.raises(cf.ArgumentError, match="item 2 of the cases is a str"):
        list(columns(Source([next(synth_cases(1)), "nope"])))
    stats = InputStats()
    assert list(read_cases(io.StringIO(""), "jsonl", stats=stats)) == []


TWO = Source(jsonl(list(synth_cases(2, seed=1))).encode())


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: report(None, AS_OF), "'source' must be a Source (got None"),  # type: ignore[arg-type]
        (lambda: report(Source(b""), AS_OF, by=5), "'by' must be an iterable of str"),  # type: ignore[arg-type]
        (lambda: report(Source(b""), AS_OF, groupings=5), "'groupings' must be a sequence"),  # type: ignore[arg-type]
        (lambda: report(TWO, AS_OF, progress=5), "'progress' must be a function"),  # type: ignore[arg-type]
        (lambda: report(Source(5), AS_OF), "'data' must be a file's path, a binary stream"),
        (lambda: list(verdicts(None, AS_OF)), "'source' must be a Source"),  # type: ignore[arg-type]
        (lambda: jsonl_index(None), "'path' must be a str or a pathlib.Path"),  # type: ignore[arg-type]
    ],
)
def test_wrong_arguments_to_the_bulk_jobs_are_named(call: object, message: str) -> None:
    """An argument of the wrong type is an ArgumentTypeError naming it, never a Python error
    from deep inside the reading."""
    with pytest.raises(cf.ArgumentTypeError) as info:
        call()  # type: ignore[operator]
    assert str(info.value).startswith(message)
