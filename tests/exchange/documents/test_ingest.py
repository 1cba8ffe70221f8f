"""Reading cases in bulk: JSON Lines and both CSV layouts; bad lines stop or are skipped."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
import civicflow.compliance.facts
from civicflow.exchange.documents.ingest import (
    InputError,
    InputFileError,
    InputStats,
    decoded_lines,
    read_cases,
)
from civicflow.exchange.documents.synth import synth_cases
from tests.fuzzing import garbled, refusal

CASES = [
    *synth_cases(40, seed=7),
    *synth_cases(20, seed=8, kind="urban"),
    *synth_cases(20, seed=9, kind="licence"),
    *synth_cases(10, seed=9, kind="rating"),
]
FIELDS = ("department", "grid", "rating", "resolved", "responded", "satisfied")


def jsonl(cases: list[cf.Case]) -> str:
    return "".join(cf.case_to_json(c, indent=None) + "\n" for c in cases)


def events_csv(cases: list[cf.Case]) -> str:
    out = io.StringIO()
    import csv

    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "workflow", "received", "type", "category", "urgency", "channel",
                *(f"field.{f}" for f in FIELDS), "event_id", "event", "at",
                "extension", "note", "changes", "event_channel"])  # fmt: skip
    for c in cases:
        kind, category, urgency = c.classification_after(0)  # as received
        head = [c.id, c.workflow.name, c.received.isoformat(), kind, category, urgency,
                c.channel, *(c.get(f) for f in FIELDS)]  # fmt: skip
        if not c.history:
            w.writerow([*head, "", "", "", "", "", "", ""])
        for e in c.history:
            ext = e.extension.chinese if e.extension else ""
            changes = json.dumps(dict(e.changes), ensure_ascii=False) if e.changes else ""
            w.writerow([*head, e.id, e.name, e.at.isoformat(), ext, e.note, changes, e.channel])
    return out.getvalue()


def cases_csv(cases: list[cf.Case]) -> str:
    out = io.StringIO()
    import csv

    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "workflow", "received", "type", "category", "urgency", "channel",
                *(f"field.{f}" for f in FIELDS), "events"])  # fmt: skip
    for c in cases:
        events = json.loads(cf.case_to_json(c))["events"]
        kind, category, urgency = c.classification_after(0)  # as received
        w.writerow([c.id, c.workflow.name, c.received.isoformat(), kind, category,
                    urgency, c.channel, *(c.get(f) for f in FIELDS),
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


@pytest.mark.parametrize("kind", ["hotline", "urban", "licence", "rating"])
def test_synth_of_every_kind_has_the_shares_it_promises(kind: str) -> None:
    """Every kind follows its preset, and has the side paths of docs/synth.md in about the
    shares given there (bounds wide enough for 2,000 cases)."""
    cases = list(synth_cases(2000, seed=5, kind=kind))
    assert cases == list(synth_cases(2000, seed=5, kind=kind))
    assert all(c.replayed() == c for c in cases)

    def share(test: object) -> float:
        return sum(1 for c in cases if test(c)) / len(cases)  # type: ignore[operator,misc]

    def has(*names: str) -> object:
        return lambda c: any(e.name in names for e in c.history)

    if kind == "hotline":
        assert 0.015 < share(lambda c: c.received_as) < 0.04  # 3 % of the dispatched
        assert 0.15 < share(has("answer")) < 0.25  # half of the 40 % 咨询
        assert 0.03 < share(has("reopen")) < 0.08
        called = [c for c in cases if c.get("satisfied")]
        assert called
        assert all(
            c.get("satisfied") == ("是" if c.get("rating") in cf.compliance.GRADES[:3] else "否")
            for c in called
        )
        assert all(c.get("resolved") == "否" for c in called if c.get("responded") == "否")
    elif kind == "urban":
        assert 0.01 < share(lambda c: c.received_as) < 0.03
        assert 0.015 < share(has("park")) < 0.045
        assert 0.035 < share(has("rework")) < 0.085
    elif kind == "licence":
        assert 0.08 < share(lambda c: c.type == "办不成事") < 0.12
        assert all(c.channel == "hall" for c in cases if c.type == "办不成事")
        assert 0.73 < share(lambda c: c.channel == "online") < 0.81
        assert 0.09 < share(has("request_supplement")) < 0.15
        assert all(e.channel in ("online", "hall") for c in cases for e in c.history)
        assert {c.get("rating") for c in cases if c.state == "delivered"} <= set(
            cf.compliance.GRADES
        )
    else:
        assert {c.get("rating") for c in cases} == {"不满意", "非常不满意"}
        assert 0.015 < share(has("void")) < 0.045
        assert 0.05 < share(has("redo")) < 0.11


# -- nothing lost without a word --------------------------------------------------------------


def read_all(
    text: str, fmt: str, *, skip: bool = True
) -> tuple[list[tuple[int, cf.Case]], list[InputError], InputStats]:
    stats = InputStats()
    bad: list[InputError] = []
    read = list(
        read_cases(
            io.StringIO(text, newline=""), fmt, on_bad=bad.append if skip else None, stats=stats
        )
    )
    return read, bad, stats


def test_an_unterminated_quote_names_the_line_where_it_began() -> None:
    # No quote after the broken one: a reclassification's JSON changes would close it.
    lines = events_csv([c for c in CASES if not c.received_as]).splitlines()
    opened = 30
    lines[opened - 1] = lines[opened - 1].replace(",", ',"', 1)
    text = "\n".join(lines) + "\n"
    with pytest.raises(
        InputError,
        match=rf"^lines {opened}-{len(lines)}: a quoted field begins on line {opened} and is never closed",
    ):
        read_all(text, "csv-events", skip=False)
    read, bad, stats = read_all(text, "csv-events")
    assert bad[0].line == opened
    # The case whose row broke is left out whole, not kept without its later events.
    assert all(c.id != bad[1].problems[0].split("'")[1] for _, c in read)
    assert stats.lines == len(lines) - 1 == stats.blank + stats.case_lines + stats.bad_lines
    assert stats.cases == len(read)


def test_a_quote_closed_later_is_found_too() -> None:
    text = events_csv(CASES[:3])
    lines = text.splitlines()
    lines[2] = lines[2].replace(",", ',"', 1)  # closed by nothing but a later stray quote
    lines[5] = lines[5] + '"'
    _read, bad, stats = read_all("\n".join(lines) + "\n", "csv-events")
    assert bad
    assert bad[0].line == 3
    assert stats.lines == stats.blank + stats.case_lines + stats.bad_lines


def test_a_case_split_by_other_rows_is_refused_even_when_skipping() -> None:
    head, *rows = events_csv(CASES[:2]).splitlines()
    first = [r for r in rows if r.startswith(CASES[0].id + ",")]
    second = [r for r in rows if not r.startswith(CASES[0].id + ",")]
    text = "\n".join([head, first[0], *second, *first[1:]]) + "\n"
    with pytest.raises(
        InputFileError, match=f"the rows of case '{CASES[0].id}' are not consecutive"
    ):
        read_all(text, "csv-events")


def test_a_field_over_the_csv_limit_is_a_bad_line() -> None:
    head, *rows = events_csv(CASES[:3]).splitlines()
    rows[1] = rows[1] + "x" * 200_000
    _read, bad, stats = read_all("\n".join([head, *rows]) + "\n", "csv-events")
    assert "a field of more than 131,072 characters begins on line 3" in bad[0].problems[0]
    assert stats.lines == stats.blank + stats.case_lines + stats.bad_lines


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("", "csv-events", "the file is empty"),
        (jsonl(CASES[:2]), "csv-events", "this looks like JSON Lines, not CSV"),
        (events_csv(CASES[:2]), "jsonl", "this does not look like JSON Lines"),
        (
            "id,received\nA,2025-01-01T00:00\n",
            "csv-events",
            "the CSV lacks the column(s) workflow, event, at",
        ),
        ("id,workflow,received,event,at,at\n", "csv-events", "the column(s) at appear twice"),
    ],
)
def test_problems_with_the_whole_file_are_one_error(text: str, fmt: str, expected: str) -> None:
    with pytest.raises(InputFileError, match=re.escape(expected)):
        read_all(text, fmt)


def test_encodings() -> None:
    text = events_csv(CASES[:5])
    for raw in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        lines = decoded_lines(io.BytesIO(raw))
        assert [c for _, c in read_cases(lines, "csv-events")] == CASES[:5]
    gbk = text.encode("gb18030")
    with pytest.raises(InputFileError, match=r"^line 2: not utf-8 text .*pass --encoding gb18030"):
        list(read_cases(decoded_lines(io.BytesIO(gbk)), "csv-events"))
    assert [
        c for _, c in read_cases(decoded_lines(io.BytesIO(gbk), "gb18030"), "csv-events")
    ] == CASES[:5]
    with pytest.raises(InputFileError, match="unknown encoding 'klingon'"):
        list(decoded_lines(io.BytesIO(gbk), "klingon"))
    with pytest.raises(InputFileError, match="does not keep ASCII"):
        list(decoded_lines(io.BytesIO(gbk), "utf-16"))
    with pytest.raises(InputFileError, match=r"^line 1: text, not a line of bytes"):
        list(decoded_lines(io.StringIO(text)))  # type: ignore[arg-type]


def test_the_stats_count_whole_numbers() -> None:
    stats = InputStats()
    stats.read(3)
    stats.read_many(2)
    assert (stats.cases, stats.case_lines, stats.last_lines) == (3, 5, 1)
    with pytest.raises(cf.ArgumentTypeError, match="'lines'"):
        stats.read(1.5)  # type: ignore[arg-type]
    with pytest.raises(cf.ArgumentError, match="cases must be 0 or more"):
        stats.read_many(-1)
    assert (stats.cases, stats.case_lines) == (3, 5)


FORMATS = {"jsonl": jsonl, "csv-events": events_csv, "csv-cases": cases_csv}


@given(st.sampled_from(sorted(FORMATS)), st.data())
def test_every_line_is_read_or_reported(fmt: str, data: st.DataObject) -> None:
    """Fuzz: a garbled file gives cases and reported lines that add up to its lines, or one
    error about the whole file; never another exception."""
    cases = data.draw(st.lists(st.sampled_from(CASES), min_size=1, max_size=4, unique=True))
    text = garbled(FORMATS[fmt](cases), data)
    stats = InputStats()
    bad: list[InputError] = []
    read: list[tuple[int, cf.Case]] = []

    def go() -> None:
        read.extend(read_cases(io.StringIO(text, newline=""), fmt, on_bad=bad.append, stats=stats))

    error = refusal(go)
    if error is not None:
        assert isinstance(error, InputFileError)
        return
    header = 0 if fmt == "jsonl" else 1
    physical = len(io.StringIO(text, newline="").readlines()) - header
    assert stats.lines == physical
    assert stats.lines == stats.blank + stats.case_lines + stats.bad_lines
    assert (stats.cases, stats.bad) == (len(read), len(bad))


@pytest.mark.parametrize(("fmt", "write"), sorted(FORMATS.items()))
def test_blank_lines_are_counted_as_blank(fmt: str, write: object) -> None:
    lines = write(CASES[:3]).splitlines()  # type: ignore[operator]
    lines.insert(2, "")
    lines.append("   " if fmt == "jsonl" else "")
    read, bad, stats = read_all("\n".join(lines) + "\n", fmt)
    assert (len(read), bad, stats.blank) == (3, [], 2)
    assert stats.lines == len(lines) - (fmt != "jsonl") == stats.blank + stats.case_lines


RECLASSIFIED = (
    "id,workflow,received,type,event,at,changes\n"
    "R,hotline-12345,2025-09-29T09:00,咨询,dispatch,2025-09-29T09:10,\n"
    'R,hotline-12345,2025-09-29T09:00,咨询,reclassify,2025-09-29T10:00,"{""type"": ""投诉""}"\n'
)


def test_a_csv_changes_column_reclassifies_the_case() -> None:
    [(_, case)] = read_cases(io.StringIO(RECLASSIFIED, newline=""), "csv-events")
    assert case.type == "投诉"
    assert case.classification_at(dt.datetime(2025, 9, 29, 9, 30))[0] == "咨询"
    assert read_cases_again(case) == case


def read_cases_again(case: cf.Case) -> cf.Case:
    [(_, back)] = read_cases(io.StringIO(events_csv([case]), newline=""), "csv-events")
    return back


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ('"{""type"": 投诉}"', "lines 2-3: changes on line 3: not a JSON object"),
        ('"{""grid"": ""A""}"', r"\$\.events\[1\]\.changes: a reclassification changes"),
        ("", "'reclassify' reclassifies the case: give 'changes'"),
    ],
)
def test_bad_csv_changes_name_their_line(changes: str, problem: str) -> None:
    text = RECLASSIFIED.splitlines()
    text[-1] = text[-1][: text[-1].index(',"{')] + "," + changes
    with pytest.raises(InputError, match=problem):
        list(read_cases(io.StringIO("\n".join(text) + "\n", newline=""), "csv-events"))


# -- loss: every cell is in a case, or named in an error or a count ---------------------------

EXTRA = st.sampled_from(["department", "部门", "field.district", "Field.x", "field.", "notes",
                         "event_note", " id", "id "])  # fmt: skip


@given(st.sampled_from(["csv-events", "csv-cases"]), EXTRA, st.text(max_size=6), st.data())
def test_a_column_is_read_into_the_cases_or_refused(
    fmt: str, column: str, value: str, data: st.DataObject
) -> None:
    """Loss: a column the format does not read is refused by name, never dropped; a
    field.<name> column is in every case's fields."""
    cases = data.draw(st.lists(st.sampled_from(CASES), min_size=1, max_size=3, unique=True))
    lines = FORMATS[fmt](cases).splitlines()
    at = data.draw(st.integers(0, len(lines[0].split(","))))
    header = lines[0].split(",")
    header.insert(at, column)
    cell = value.replace(",", "").replace('"', "").replace("\n", "").replace("\r", "")
    rows = [header, *(next(csv.reader([line])) for line in lines[1:])]
    for row in rows[1:]:
        row.insert(at, cell)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    refused = refusal(lambda: list(read_cases(io.StringIO(out.getvalue(), newline=""), fmt)))
    if column.startswith("field.") and column[6:]:
        assert refused is None
        read = [case for _, case in read_cases(io.StringIO(out.getvalue(), newline=""), fmt)]
        assert [case.get(column[6:]) for case in read] == [cell] * len(read)
        assert [case.id for case in read] == [case.id for case in cases]
    else:
        assert isinstance(refused, InputFileError)
        assert repr(column) in str(refused)


def test_a_column_the_format_does_not_read_is_named() -> None:
    text = "id,workflow,received,部门,event,at\nH-1,hotline-12345,2025-09-29T09:00,城管局,,\n"
    with pytest.raises(InputFileError) as info:
        list(read_cases(io.StringIO(text, newline=""), "csv-events"))
    assert str(info.value) == (
        "line 1: csv-events reads no column '部门': its columns are id, workflow, received, "
        "type, category, urgency, channel, event_id, event, at, extension, note, "
        "event_channel, changes, and field.<name> for a field of your own (e.g. field.部门)"
    )


@given(st.lists(st.sampled_from(CASES), min_size=1, max_size=4, unique=True), st.data())
def test_every_json_line_is_its_case_or_reported(cases: list[cf.Case], data: st.DataObject) -> None:
    """Loss: each line read gives the case its document holds (as the full reader reads it
    alone), and every other line is blank or reported with its number."""
    text = garbled(jsonl(cases), data)
    lines = text.split("\n")
    bad: list[InputError] = []
    try:
        read_list = list(read_cases(io.StringIO(text), "jsonl", on_bad=bad.append))
    except InputFileError:
        return
    for n, case in read_list:
        assert case == cf.case_from_json(lines[n - 1])
    seen = {n for n, _ in read_list} | {e.line for e in bad}
    assert seen | {n for n, line in enumerate(lines, 1) if not line.strip()} >= set(
        range(1, len(lines) + (0 if text.endswith("\n") else 1))
    )


def test_an_unknown_format_or_a_binary_stream_is_named() -> None:
    with pytest.raises(cf.ArgumentError) as info:
        list(read_cases(io.StringIO(""), "xml"))
    assert str(info.value) == "format must be one of jsonl, csv-events, csv-cases (got 'xml')"
    with pytest.raises(InputFileError) as binary:
        list(read_cases(io.BytesIO(jsonl(CASES[:2]).encode()), "jsonl"))  # type: ignore[arg-type]
    assert binary.value.line == 1
    assert str(binary.value) == (
        "line 1: bytes, not a line of text: open the file in text mode (open(path, "
        "encoding='utf-8', newline='')), or read a binary file through decoded_lines"
    )
    with pytest.raises(cf.ArgumentTypeError, match=r"^'stream' must be lines of text"):
        list(read_cases(jsonl(CASES[:1]), "jsonl"))  # one str is not its lines
    assert [c for _, c in read_cases(decoded_lines(io.BytesIO(jsonl(CASES[:2]).encode())))] == (
        CASES[:2]
    )
