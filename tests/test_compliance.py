"""Compliance: counts, rates and handling times from mergeable accumulators."""

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import compliance as co
from civicflow import strategies as cfst

D = dt.datetime
HOTLINE = cf.hotline_policy()

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


def test_tianmen_and_jinhua() -> None:
    t = co.counts_of({"due": 972, "closed": 911, "closed_on_time": 737, "parked": 20})
    assert str(t.rate(co.TIANMEN.rate("closure"))) == "93.72 % (911/972)"
    assert str(t.rate(co.TIANMEN.rate("on_time_closure"))) == "75.82 % (737/972)"
    assert str(t.rate(co.JINHUA.rate("closure"))) == "95.69 % (911/952)"


def test_an_empty_base_is_undefined() -> None:
    ratio = co.Tally().rate(co.JINHUA.rate("satisfaction"))
    assert ratio.value is None
    assert str(ratio) == "undefined (0/0)"
    assert co.Tally().hours("median") is None


def test_quantiles_are_nearest_rank() -> None:
    t = co.Tally(minutes=Counter({60: 5, 120: 4, 600: 1}))
    assert t.hours("median") == 1.0
    assert t.hours("p90") == 2.0
    assert t.hours("mean") == pytest.approx((300 + 480 + 600) / 10 / 60)
    with pytest.raises(ValueError, match="'mean', 'median' or 'p90'"):
        t.hours("max")


def test_unknown_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown counts"):
        co.Rate("x", "x", ("closd",), ("due",))


def test_periods() -> None:
    m = D(2025, 9, 29, 10)
    assert [co.period_of(m, p) for p in co.PERIODS] == [
        "2025-09-29", "2025-W40", "2025-09", "2025-Q3", "2025", "all",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="period must be one of"):
        co.period_of(m, "fortnight")


def hotline_case(n: int, *events: tuple[str, dt.datetime], **fields: str) -> cf.Case:
    case = cf.Case.open(HOTLINE.workflow, f"H-{n}", D(2025, 9, 22, 9), type="投诉", fields=fields)
    return case.apply_all(cf.Event(str(k), name, t) for k, (name, t) in enumerate(events))


def test_case_facts() -> None:
    ind = co.hotline_indicators()
    at = D(2025, 12, 31)
    closed = hotline_case(
        1,
        ("dispatch", D(2025, 9, 22, 10)),
        ("sign_for", D(2025, 9, 22, 11)),
        ("start", D(2025, 9, 22, 11)),
        ("reply", D(2025, 9, 24, 10)),
        rating="满意",
    )
    f = co.case_facts(closed, HOTLINE, at, ind)
    assert f.flags == {
        "received", "due", "closed", "closed_on_time", "signed", "signed_on_time", "rated",
        "rated_good", "rated_satisfied",
    }  # fmt: skip
    assert f.handling_minutes == 14 * 60  # Monday 10:00 to Wednesday 10:00: 6h + 7h + 1h
    assert f.handling_days == 2


def test_open_overdue_and_returned() -> None:
    ind = co.hotline_indicators()
    case = hotline_case(2, ("dispatch", D(2025, 9, 22, 10)), ("return", D(2025, 9, 22, 11)))
    f = co.case_facts(case, HOTLINE, D(2025, 12, 31), ind)
    assert {"open", "open_overdue", "due", "returned", "signed", "signed_on_time"} <= f.flags
    assert "closed" not in f.flags


def test_parked_urban_case() -> None:
    policy = cf.urban_policy()
    case = cf.Case.open(policy.workflow, "U", D(2025, 9, 26, 14), category="暴露垃圾")
    case = case.apply_all(
        [
            cf.Event("1", "file", D(2025, 9, 26, 14, 30)),
            cf.Event("2", "dispatch", D(2025, 9, 26, 15)),
            cf.Event("3", "park", D(2025, 9, 26, 16)),
        ]
    )
    f = co.case_facts(case, policy, D(2025, 12, 31), co.urban_indicators())
    assert f.flags == {"received", "parked"}


def test_bad_grade() -> None:
    case = hotline_case(3, rating="ok")
    with pytest.raises(ValueError, match="is not a grade"):
        co.case_facts(case, HOTLINE, D(2025, 12, 31), co.hotline_indicators())


def test_report_groups_and_merges() -> None:
    ind = co.hotline_indicators()
    at = D(2025, 12, 31)
    cases = [
        hotline_case(n, ("dispatch", D(2025, 9, 22, 10)), department=dep)
        for n, dep in enumerate(["城管局", "住建局", "城管局"])
    ]
    whole = co.Report(("department",), "month")
    for c in cases:
        whole.add(c, co.case_facts(c, HOTLINE, at, ind))
    assert [(g, p, t.count("received")) for g, p, t in whole.rows()] == [
        (("住建局",), "2025-09", 1),
        (("城管局",), "2025-09", 2),
    ]
    a, b = co.Report(("department",), "month"), co.Report(("department",), "month")
    a.add(cases[0], co.case_facts(cases[0], HOTLINE, at, ind))
    for c in cases[1:]:
        b.add(c, co.case_facts(c, HOTLINE, at, ind))
    assert b.merge(a) == whole
    with pytest.raises(ValueError, match="cannot merge"):
        a.merge(co.Report(("type",), "month"))


def test_series_facts() -> None:
    r = [co.Ratio(1, 1), co.Ratio(0, 0), co.Ratio(5, 5), co.Ratio(3, 3)]
    assert co.consecutive(r) == 2
    # Complaints: 40 in 7 months, then 4 in 9 months. Totals and monthly rates differ.
    assert co.change(40, 4) == pytest.approx(-0.9)
    assert co.change(40 / 7, 4 / 9) == pytest.approx(-0.9222, abs=1e-4)


def test_same_period_last_year() -> None:
    assert [co.last_year(x) for x in ("2025-09", "2025-Q3", "2025-W40", "2025", "2024-02-29")] == [
        "2024-09", "2024-Q3", "2024-W40", "2024", "2023-02-28",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="not the label of a period"):
        co.last_year("all")
