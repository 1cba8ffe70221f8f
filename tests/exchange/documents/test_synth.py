"""Synthetic cases: the fast generator gives the first generator's cases and, to the byte,
the documents ``case_to_json`` writes of them."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import civicflow as cf
from civicflow.exchange.documents._synth_draws import (
    MINUTES_PER_DAY,
    OnDuty,
    below,
    per_minute,
    pick,
    waited,
    weighted,
)
from civicflow.exchange.documents.synth import KINDS, synth_cases, synth_jsonl
from tests.exchange.documents import synth_reference as reference

#: Several seeds, a few thousand cases of each kind in all.
SEEDS = (1, 7, 2024)
N = 1000


def documents(cases: Iterable[cf.Case]) -> str:
    return "".join(cf.case_to_json(case, indent=None) + "\n" for case in cases)


@pytest.mark.parametrize("kind", KINDS)
def test_the_cases_and_their_bytes_are_the_first_generators(kind: str) -> None:
    for seed in SEEDS:
        expected = list(reference.synth_cases(N, seed=seed, kind=kind))
        cases = list(synth_cases(N, seed=seed, kind=kind))
        assert cases == expected, (kind, seed)
        text = "".join(synth_jsonl(N, seed=seed, kind=kind))
        assert text == documents(expected), (kind, seed)
        assert text == documents(cases)


def test_every_side_path_is_among_the_compared_cases() -> None:
    """The comparison above meets each kind's rare branches: a reclassification, an
    extension, a reopen, a step at the counter, a case still open."""
    names = {
        kind: {e.name for s in SEEDS for c in synth_cases(N, seed=s, kind=kind) for e in c.history}
        for kind in KINDS
    }
    assert {"reclassify", "approve_extension", "reopen", "return", "suspend"} <= names["hotline"]
    assert {"reclassify", "extend", "park", "rework", "discard", "send_back"} <= names["urban"]
    assert {"extend", "withdraw", "reject", "start_expert_review"} <= names["licence"]
    assert {"void", "redo"} <= names["rating"]


def outcome(items: Iterator[Any]) -> tuple[list[Any], str | None]:
    """What a generator gives until it stops, and the error that stopped it."""
    got: list[Any] = []
    try:
        got.extend(items)
    except cf.CivicflowError as exc:
        return got, f"{type(exc).__name__}: {exc}"
    return got, None


@given(
    st.sampled_from(KINDS),
    st.integers(0, 2**64),
    st.dates(dt.date(2004, 1, 1), dt.date(2026, 12, 31)),
    st.integers(1, 400),
    st.integers(0, 25),
)
@example("hotline", 3, dt.date(2026, 12, 20), 12, 20)  # the data ends while cases run
@example("licence", 3, dt.date(2026, 12, 20), 12, 20)
@example("rating", 3, dt.date(2026, 12, 20), 12, 20)
def test_any_seed_start_and_span_give_the_first_generators_cases(
    kind: str, seed: int, first: dt.date, days: int, n: int
) -> None:
    """Over any days of the data (holidays, make-up days, its last days, where a case runs
    past the data and the calendar refuses it), the same cases, and the same error after
    the same cases."""
    expected = outcome(reference.synth_cases(n, seed=seed, kind=kind, first=first, days=days))
    assert outcome(synth_cases(n, seed=seed, kind=kind, first=first, days=days)) == expected
    lines, error = outcome(synth_jsonl(n, seed=seed, kind=kind, first=first, days=days, chunk=1))
    assert error == expected[1]
    assert "".join(lines) == documents(expected[0])


# -- the draws ----------------------------------------------------------------------------


@given(st.integers(0, 2**64), st.lists(st.integers(1, 10**6), min_size=1, max_size=40))
def test_below_draws_what_randrange_and_choice_draw(seed: int, sizes: list[int]) -> None:
    ours, theirs = random.Random(seed), random.Random(seed)
    for n in sizes:
        assert below(ours.getrandbits, n) == theirs.randrange(n)
        assert below(ours.getrandbits, n) == theirs.choice(range(n))
        assert 1 + below(ours.getrandbits, n) == theirs.randrange(1, n + 1)
    assert ours.random() == theirs.random()  # as many bits used


@given(
    st.integers(0, 2**64),
    st.lists(st.integers(0, 100), min_size=1, max_size=8).filter(lambda w: sum(w) > 0),
)
def test_pick_draws_what_choices_draws(seed: int, weights: list[int]) -> None:
    population = [f"x{k}" for k in range(len(weights))]
    table = weighted(population, weights)
    ours, theirs = random.Random(seed), random.Random(seed)
    for _ in range(20):
        assert pick(ours.random, table) == theirs.choices(population, weights)[0]


@given(st.integers(0, 2**64), st.sampled_from([0.2, 0.5, 1, 2, 3, 6, 8, 16, 20, 24, 30, 40]))
def test_waited_draws_what_expovariate_draws(seed: int, hours: float) -> None:
    ours, theirs = random.Random(seed), random.Random(seed)
    for _ in range(20):
        drawn = theirs.expovariate(1 / (hours * 60))
        assert waited(ours.random, per_minute(hours)) == max(1, int(drawn))


MINUTES = st.integers(
    dt.date(2004, 1, 1).toordinal() * MINUTES_PER_DAY,
    dt.date(2026, 12, 31).toordinal() * MINUTES_PER_DAY + MINUTES_PER_DAY - 1,
)


def moment(minute: int) -> dt.datetime:
    return dt.datetime.fromordinal(minute // MINUTES_PER_DAY) + dt.timedelta(
        minutes=minute % MINUTES_PER_DAY
    )


def minutes(moment: dt.datetime) -> int:
    return moment.toordinal() * MINUTES_PER_DAY + moment.hour * 60 + moment.minute


@given(st.lists(MINUTES, min_size=1, max_size=30))
def test_on_duty_is_the_calendars_answer(due: list[int]) -> None:
    """Every minute of the data, holidays and its last evening included."""
    cal = cf.china_calendar()
    duty = OnDuty(cal)
    for m in due:
        assert duty.at(m) == minutes(reference.on_duty(cal, "sign_for", moment(m)))


def test_on_duty_on_the_days_that_matter() -> None:
    cal = cf.china_calendar()
    duty = OnDuty(cal)
    saturday = dt.datetime(2025, 10, 11, 10, 0)  # a make-up working day (调休)
    assert moment(duty.at(minutes(saturday))) == saturday
    evening = dt.datetime(2025, 9, 30, 18, 0)  # before the National Day break
    assert moment(duty.at(minutes(evening))) == dt.datetime(2025, 10, 9, 9, 5 + 18)
    lunch = dt.datetime(2025, 9, 29, 12, 0)  # a session's end does not count; 13:30 does
    assert moment(duty.at(minutes(lunch))) == dt.datetime(2025, 9, 29, 13, 35 + 12)
    assert moment(duty.at(minutes(dt.datetime(2025, 9, 29, 13, 30)))) == dt.datetime(
        2025, 9, 29, 13, 30
    )
    last = dt.datetime(2026, 12, 31, 20, 0)  # no session after it in the data: when due
    assert moment(duty.at(minutes(last))) == last
    with pytest.raises(cf.CalendarCoverageError):
        duty.at(minutes(dt.datetime(2027, 1, 4, 10, 0)))


# -- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize("chunk", [1, 3, 7, 250])
def test_the_pieces_are_whole_lines_and_join_to_the_same_text(chunk: int) -> None:
    pieces = list(synth_jsonl(20, seed=4, kind="urban", chunk=chunk))
    assert all(p.endswith("\n") for p in pieces)
    assert [p.count("\n") for p in pieces[:-1]] == [chunk] * (len(pieces) - 1)
    assert 1 <= pieces[-1].count("\n") <= chunk
    assert "".join(pieces) == "".join(synth_jsonl(20, seed=4, kind="urban"))
    assert list(synth_jsonl(0, chunk=chunk)) == []


def test_a_piece_is_written_before_the_next_is_drawn() -> None:
    """Any number of cases in the memory of one piece: the pieces come as they are drawn."""
    pieces = synth_jsonl(10**12, seed=2, chunk=5)
    first = next(pieces)
    assert first.count("\n") == 5
    assert first == "".join(itertools.islice(synth_jsonl(5, seed=2), 1))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": -1}, "cannot be negative"),
        ({"n": 1, "kind": "parking"}, "kind must be one of hotline, urban, licence, rating"),
        ({"n": 1, "days": 0}, "at least one day"),
        ({"n": 1, "chunk": 0}, "at least one line"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        list(synth_jsonl(**kwargs))
    kwargs.pop("chunk", None)
    if message != "at least one line":
        with pytest.raises(ValueError, match=message):
            list(synth_cases(**kwargs))
