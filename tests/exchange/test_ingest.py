"""Reading cases in bulk: JSON Lines and both CSV layouts; bad lines stop or are skipped."""

import datetime as dt
import io
import json

import pytest

import civicflow as cf
import civicflow.compliance.facts
from civicflow.exchange.ingest import InputError, read_cases
from civicflow.exchange.synth import synth_cases

CASES = list(synth_cases(40, seed=7)) + list(synth_cases(20, seed=8, kind="urban"))


def jsonl(cases: list[cf.Case]) -> str:
    return "".join(cf.case_to_json(c, indent=None) + "\n" for c in cases)


def events_csv(cases: list[cf.Case]) -> str:
    out = io.StringIO()
    import csv

    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "workflow", "received", "type", "category", "urgency", "channel",
                "field.department", "field.grid", "field.rating", "event_id", "event", "at",
                "extension", "note"])  # fmt: skip
    for c in cases:
        head = [c.id, c.workflow.name, c.received.isoformat(), c.type, c.category, c.urgency,
                c.channel, c.get("department"), c.get("grid"), c.get("rating")]  # fmt: skip
        if not c.history:
            w.writerow([*head, "", "", "", "", ""])
        for e in c.history:
            ext = e.extension.chinese if e.extension else ""
            w.writerow([*head, e.id, e.name, e.at.isoformat(), ext, e.note])
    return out.getvalue()


def cases_csv(cases: list[cf.Case]) -> str:
    out = io.StringIO()
    import csv

    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "workflow", "received", "type", "category", "urgency", "channel",
                "field.department", "field.grid", "field.rating", "events"])  # fmt: skip
    for c in cases:
        events = json.loads(cf.case_to_json(c))["events"]
        w.writerow([c.id, c.workflow.name, c.received.isoformat(), c.type, c.category,
                    c.urgency, c.channel, c.get("department"), c.get("grid"), c.get("rating"),
                    json.dumps(events, ensure_ascii=False)])  # fmt: skip
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "write"), [("jsonl", jsonl), ("csv-events", events_csv), ("csv-cases", cases_csv)]
)
def test_every_format_reads_back_the_cases(fmt: str, write: object) -> None:
    text = write(CASES)  # type: ignore[operator]
    read = [case for _, case in read_cases(io.StringIO(text, newline=""), fmt)]
    assert read == CASES


def test_a_bad_line_stops_the_run_with_its_number() -> None:
    lines = jsonl(CASES[:3]).splitlines()
    lines[1] = lines[1].replace('"dispatch"', '"teleport"')
    with pytest.raises(InputError, match=r"^line 2: \$\.events\[0\]: the workflow") as info:
        list(read_cases(io.StringIO("\n".join(lines)), "jsonl"))
    assert info.value.line == 2


def test_bad_lines_can_be_skipped() -> None:
    lines = jsonl(CASES[:3]).splitlines()
    lines[1] = "{not json"
    bad: list[InputError] = []
    read = list(read_cases(io.StringIO("\n".join(lines)), "jsonl", on_bad=bad.append))
    assert [n for n, _ in read] == [1, 3]
    assert [e.line for e in bad] == [2]


def test_csv_rows_of_a_case_must_be_together() -> None:
    text = events_csv(CASES[:2])
    head, *rows = text.splitlines()
    first = [r for r in rows if r.startswith(CASES[0].id + ",")]
    second = [r for r in rows if not r.startswith(CASES[0].id + ",")]
    shuffled = "\n".join([head, first[0], *second, *first[1:]]) + "\n"
    with pytest.raises(InputError, match="are not consecutive"):
        list(read_cases(io.StringIO(shuffled, newline=""), "csv-events"))


def test_csv_needs_its_columns() -> None:
    with pytest.raises(ValueError, match="lacks the column"):
        list(read_cases(io.StringIO("id,received\nA,2025-01-01T00:00\n"), "csv-events"))
    with pytest.raises(ValueError, match="format must be one of"):
        read_cases(io.StringIO(""), "xml")


def test_synth_is_deterministic_and_valid() -> None:
    a = list(synth_cases(200, seed=3))
    assert a == list(synth_cases(200, seed=3))
    assert a != list(synth_cases(200, seed=4))
    for case in a:
        assert case.replayed() == case
    assert {c.get("rating") for c in a} <= {"", *cf.compliance.GRADES}
    assert all(c.received >= dt.datetime(2025, 1, 1) for c in a)
