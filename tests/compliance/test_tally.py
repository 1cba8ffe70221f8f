"""Tallies merge associatively with an identity, whatever the order and split; exact quantiles."""

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicflow import compliance as co
from civicflow import strategies as cfst

facts = st.builds(
    co.CaseFacts,
    received=cfst.local_datetimes(2024, 2025),
    flags=st.frozensets(st.sampled_from(co.COUNTS)),
    handling_minutes=st.none() | st.integers(0, 10_000),
    handling_days=st.none() | st.integers(0, 40),
    grade=st.none() | st.sampled_from(co.GRADES),
)


def tally(items: list[co.CaseFacts]) -> co.Tally:
    t = co.Tally()
    for f in items:
        t.add(f)
    return t


@given(st.lists(facts, max_size=30), st.lists(facts, max_size=30), st.lists(facts, max_size=30))
def test_merge_is_associative_with_an_identity(
    a: list[co.CaseFacts], b: list[co.CaseFacts], c: list[co.CaseFacts]
) -> None:
    ta, tb, tc = tally(a), tally(b), tally(c)
    assert ta.merge(tb).merge(tc) == ta.merge(tb.merge(tc))
    assert ta.merge(co.Tally()) == ta == co.Tally().merge(ta)


@given(st.lists(facts, max_size=60), st.data())
def test_order_and_split_change_nothing(items: list[co.CaseFacts], data: st.DataObject) -> None:
    whole = tally(items)
    shuffled = data.draw(st.permutations(items))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(items)), max_size=5)))
    parts = [shuffled[i:j] for i, j in zip([0, *cuts], [*cuts, len(items)], strict=True)]
    merged = co.Tally()
    for part in data.draw(st.permutations(parts)):
        merged = merged.merge(tally(part))
    assert merged == whole
    for rate in co.JINHUA.rates:
        assert merged.rate(rate) == whole.rate(rate)
    for statistic in ("mean", "median", "p90"):
        assert merged.hours(statistic) == whole.hours(statistic)


def test_quantiles_are_nearest_rank() -> None:
    t = co.Tally(minutes=Counter({60: 5, 120: 4, 600: 1}))
    assert t.hours("median") == 1.0
    assert t.hours("p90") == 2.0
    assert t.hours("mean") == pytest.approx((300 + 480 + 600) / 10 / 60)
    with pytest.raises(ValueError, match="'mean', 'median' or 'p90'"):
        t.hours("max")


@given(st.lists(facts, max_size=40))
def test_a_tally_counts_each_case_once_in_every_count(items: list[co.CaseFacts]) -> None:
    t = tally(items)
    for name in co.COUNTS:
        assert t.count(name) == sum(name in f.flags for f in items)
    assert sum(t.minutes.values()) == sum(f.handling_minutes is not None for f in items)
    assert sum(t.days.values()) == sum(f.handling_days is not None for f in items)
    assert t.grades == Counter(f.grade for f in items if f.grade is not None)
    minutes = [f.handling_minutes for f in items if f.handling_minutes is not None]
    days = [f.handling_days for f in items if f.handling_days is not None]
    assert t.hours("mean") == (sum(minutes) / len(minutes) / 60 if minutes else None)
    assert t.working_days("mean") == (sum(days) / len(days) if days else None)


def test_a_rate_takes_its_minus_off_the_base() -> None:
    t = co.counts_of({"due": 10, "parked_due": 2, "closed": 6})
    assert t.rate(co.JINHUA.rate("closure")) == co.Ratio(6, 8)
    assert t.rate(co.TIANMEN.rate("closure")) == co.Ratio(6, 10)
    assert co.counts_of({}).counts == Counter()


def test_the_median_of_an_even_count_is_the_lower_middle() -> None:
    t = co.Tally(days=Counter({1: 1, 2: 1, 3: 1, 4: 1}))
    assert (t.working_days("median"), t.working_days("p90")) == (2.0, 4.0)
    assert co.Tally(days=Counter({7: 1})).working_days("median") == 7.0


def test_cases_with_the_same_handling_time_each_count() -> None:
    received = dt.datetime(2025, 3, 3, 9)
    t = tally([co.CaseFacts(received, frozenset({"closed"}), m) for m in (10, 10, 30)])
    assert t.minutes == Counter({10: 2, 30: 1})
    assert t.hours("median") == 10 / 60


def test_add_counts_in_place_and_returns_the_tally_itself() -> None:
    tally = co.Tally()
    facts = co.CaseFacts(dt.datetime(2025, 9, 29, 9), frozenset({"received", "due"}), 30, 1)
    assert tally.add(facts) is tally
    assert tally.add(facts).add(facts) is tally
    assert (tally.count("received"), tally.count("due"), tally.minutes[30]) == (3, 3, 3)
