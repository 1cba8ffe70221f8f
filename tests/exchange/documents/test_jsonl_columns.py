"""JSON Lines read into columns give the cases, the errors and the counts of ``read_cases``."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow.exchange import _times
from civicflow.exchange.documents.ingest import InputError, InputStats, decoded_lines, read_cases
from civicflow.exchange.documents.jsonl_columns import read_columns
from civicflow.exchange.documents.synth import synth_cases
from tests.exchange.test_plain import SYNTHETIC, _mutated, document, documents

KINDS = ("hotline", "urban", "licence", "rating")


def per_case(text: bytes) -> tuple[list[cf.Case], list[tuple[int, tuple[str, ...]]], InputStats]:
    stats = InputStats()
    errors: list[tuple[int, tuple[str, ...]]] = []
    lines = decoded_lines(io.BytesIO(text))
    try:
        cases = [
            c
            for _, c in read_cases(
                lines, on_bad=lambda e: errors.append((e.line, e.problems)), stats=stats
            )
        ]
    except InputError as e:  # the input as a whole
        return [], [(-e.line, e.problems)], stats
    return cases, errors, stats


def by_columns(
    text: bytes, batch: int = 7
) -> tuple[list[cf.Case], list[tuple[int, tuple[str, ...]]], InputStats]:
    stats = InputStats()
    errors: list[tuple[int, tuple[str, ...]]] = []
    try:
        batches = list(
            read_columns(
                io.BytesIO(text),
                on_bad=lambda e: errors.append((e.line, e.problems)),
                stats=stats,
                batch=batch,
            )
        )
    except InputError as e:
        return [], [(-e.line, e.problems)], stats
    return [b.case(k) for b in batches for k in range(len(b))], errors, stats


def same_reading(text: bytes, batch: int = 7) -> None:
    cases, errors, stats = per_case(text)
    got_cases, got_errors, got_stats = by_columns(text, batch)
    assert got_errors == errors
    assert got_cases == cases
    if not errors or errors[0][0] > 0:  # not an error of the input as a whole
        assert (got_stats.lines, got_stats.blank, got_stats.cases, got_stats.bad) == (
            stats.lines,
            stats.blank,
            stats.cases,
            stats.bad,
        )


def jsonl(docs: list[dict[str, Any] | str]) -> bytes:
    return "".join((d if isinstance(d, str) else json.dumps(d)) + "\n" for d in docs).encode()


@settings(max_examples=150, deadline=None)
@given(st.lists(documents, max_size=12), st.integers(1, 9))
def test_valid_documents_read_as_read_cases_reads_them(
    docs: list[dict[str, Any]], batch: int
) -> None:
    same_reading(jsonl(list(docs)), batch)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.integers(1, 9))
def test_spoilt_documents_are_refused_as_read_cases_refuses_them(
    data: st.DataObject, batch: int
) -> None:
    docs: list[dict[str, Any] | str] = []
    for _ in range(data.draw(st.integers(1, 8))):
        doc = data.draw(documents)
        kind = data.draw(st.integers(0, 3))
        if kind == 0:
            docs.append(_mutated(data, doc))
        elif kind == 1:
            docs.append(data.draw(st.sampled_from(["", "   ", "{", "[]", "null", '{"schema": 1}'])))
        else:
            docs.append(doc)
    same_reading(jsonl(docs), batch)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=60), max_size=6))
def test_any_bytes_read_to_cases_or_named_errors(lines: list[bytes]) -> None:
    """Fuzz: every line is read, blank or reported; nothing escapes as a Python error."""
    text = b"\n".join(lines)
    stats = InputStats()
    try:
        rows = sum(
            len(b) for b in read_columns(io.BytesIO(text), on_bad=lambda e: None, stats=stats)
        )
    except cf.CivicflowError:
        return
    assert rows == stats.cases
    assert stats.lines == stats.blank + stats.case_lines + stats.bad_lines


@pytest.mark.parametrize("kind", KINDS)
def test_synthetic_documents_take_the_columns(kind: str) -> None:
    """Every case but the reclassified ones is read straight into the columns."""
    cases = list(synth_cases(300, seed=11, kind=kind))
    text = jsonl([document(c, aware=False) for c in cases])
    stats = InputStats()
    (columns,) = read_columns(text, stats=stats)
    assert [columns.case(k) for k in range(len(columns))] == cases
    assert sorted(columns.cases) == [k for k, c in enumerate(cases) if c.received_as]
    assert stats.per_case == 0  # nothing left to the per-case reader
    assert columns.line is not None
    assert columns.line.tolist() == list(range(1, 301))


def test_aware_documents_keep_their_times() -> None:
    cases = SYNTHETIC[:50]
    same_reading(jsonl([document(c, aware=True) for c in cases]), batch=16)


def test_the_fixed_time_forms_are_read_as_arrays(monkeypatch: pytest.MonkeyPatch) -> None:
    """The forms civicflow writes never take the one-by-one reading."""

    def refuse(*args: object) -> None:
        raise AssertionError("read one by one")

    monkeypatch.setattr(_times, "_one", refuse)
    texts = ["2025-05-18T15:08:00", "2025-05-18T15:08:00Z", "2025-05-18T15:08:00+08:00"]
    found = _times.parse_times(texts)
    assert found.ok.all()
    assert found.aware.tolist() == [False, True, True]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.datetimes().map(lambda d: d.isoformat()),
            st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
            st.dates().map(lambda d: d.isoformat()),
            st.text(alphabet="0123456789-T:+Z .", min_size=15, max_size=26),
            st.text(max_size=30),
        ),
        max_size=12,
    )
)
def test_times_are_read_as_fromisoformat_reads_them_but_no_bare_date(texts: list[str]) -> None:
    import datetime as dt

    found = _times.parse_times(texts)
    for k, text in enumerate(texts):
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            assert not found.ok[k], text
            continue
        if len(text) <= 10:  # a date without a time of day is no time
            assert not found.ok[k], text
            continue
        assert found.ok[k], text
        wall = (moment.replace(tzinfo=None) - dt.datetime(1970, 1, 1)) // dt.timedelta(
            microseconds=1
        )
        assert found.wall[k] == wall
        assert found.aware[k] == (moment.tzinfo is not None)


def test_a_date_without_a_time_of_day_is_refused_as_read_cases_refuses_it() -> None:
    """A date alone is never read as midnight, by the columns as by the per-case reader."""
    case = next(iter(synth_cases(1, seed=3)))
    for cut in ("received", "at"):
        doc = document(case, aware=False)
        where = doc if cut == "received" else doc["events"][0]
        where[cut] = where[cut][:10]
        same_reading(jsonl([doc]))
        assert "date without a time of day" in str(by_columns(jsonl([doc]), 7)[1])


def test_a_file_that_is_not_json_lines_or_not_utf8_is_named_as_read_cases_names_it() -> None:
    for text in (b"id,workflow\n1,2\n", b"\xb9\xa4\xb5\xa5\n", b'{"a": 1}\n\xb9\xa4\n'):
        same_reading(text)


def _hotline(extensions: list[str], name: str = "approve_extension") -> dict[str, Any]:
    events = [
        {"id": "1", "name": "dispatch", "at": "2025-09-01T09:00:00"},
        {"id": "2", "name": "sign_for", "at": "2025-09-01T09:10:00"},
    ]
    for k, text in enumerate(extensions):
        events.append({"id": f"x{k}", "name": name, "at": f"2025-09-0{2 + k}T10:00:00",
                       "extension": text})  # fmt: skip
    return {
        "schema": cf.CASE_SCHEMA, "id": "H", "workflow": "hotline-12345",
        "received": "2025-09-01T08:00:00", "events": events,
    }  # fmt: skip


def _urban(times: int) -> dict[str, Any]:
    events = [
        {"id": "1", "name": "file", "at": "2025-09-01T09:00:00"},
        {"id": "2", "name": "dispatch", "at": "2025-09-01T09:10:00"},
    ]
    events += [
        {"id": f"x{k}", "name": "extend", "at": f"2025-09-0{2 + k}T10:00:00",
         "extension": "1个工作日"}
        for k in range(times)
    ]  # fmt: skip
    return {
        "schema": cf.CASE_SCHEMA, "id": "U", "workflow": "urban-management",
        "received": "2025-09-01T08:00:00", "events": events,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("doc", "taken"),
    [
        (_hotline(["5个工作日", "5个工作日"]), True),  # up to the cap of 10 working days
        (_hotline(["99个工作日"]), False),  # over the cap
        (_hotline(["6个工作日", "6个工作日"]), False),  # over the cap together
        (_hotline(["8个工作小时"]), False),  # another unit than the cap's
        (_hotline(["0个工作小时"]), False),  # another unit, however little
        (_urban(2), True),  # at most twice
        (_urban(3), False),  # a third time
    ],
)
def test_extension_rules_are_checked_by_column(doc: dict[str, Any], taken: bool) -> None:
    """What the columns take, the per-case reader takes; what they refuse, it refuses with
    the same words."""
    text = jsonl([doc])
    same_reading(text)
    cases, errors, _ = per_case(text)
    assert bool(cases) is taken
    assert bool(errors) is not taken
    if taken:  # by the columns themselves, not left to the per-case reader
        stats = InputStats()
        list(read_columns(text, stats=stats))
        assert (stats.cases, stats.per_case) == (1, 0)


def test_each_case_has_its_own_extensions() -> None:
    """Two cases of 6 working days each: neither goes over the cap of 10."""
    first, second = _hotline(["6个工作日"]), _hotline(["6个工作日"])
    second["id"] = "H2"
    text = jsonl([first, second])
    same_reading(text)
    stats = InputStats()
    list(read_columns(text, stats=stats))
    assert (stats.cases, stats.per_case) == (2, 0)
