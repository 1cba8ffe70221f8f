"""Reports: periods, grouping, and merging."""

import datetime as dt

import pytest

import civicflow as cf
from civicflow import compliance as co

D = dt.datetime


HOTLINE = cf.hotline_policy()


def hotline_case(n: int, *events: tuple[str, dt.datetime], **fields: str) -> cf.Case:
    case = cf.Case.open(HOTLINE.workflow, f"H-{n}", D(2025, 9, 22, 9), type="投诉", fields=fields)
    return case.apply_all(cf.Event(str(k), name, t) for k, (name, t) in enumerate(events))


def test_periods() -> None:
    m = D(2025, 9, 29, 10)
    assert [co.period_of(m, p) for p in co.PERIODS] == [
        "2025-09-29", "2025-W40", "2025-09", "2025-Q3", "2025", "all",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="period must be one of"):
        co.period_of(m, "fortnight")


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


def test_a_case_received_after_the_as_of_instant_is_left_out_and_counted() -> None:
    ind = co.hotline_indicators()
    report = co.Report(("department",))
    early = hotline_case(1, ("dispatch", D(2025, 9, 22, 10)), department="A")
    report.add_case(early, HOTLINE, D(2025, 9, 21), ind)
    assert (report.later, report.total().count("received")) == (1, 0)
    report.add_case(early, HOTLINE, D(2025, 9, 23), ind)
    assert (report.later, report.total().count("received")) == (1, 1)


def test_aware_and_naive_cases_are_counted_together() -> None:
    ind = co.hotline_indicators()
    zone = dt.timezone(dt.timedelta(hours=8))
    naive = hotline_case(1, ("dispatch", D(2025, 9, 22, 10)))
    aware = cf.Case.open(HOTLINE.workflow, "Z", D(2025, 9, 22, 9, tzinfo=zone), type="投诉").apply(
        cf.Event("1", "dispatch", D(2025, 9, 22, 10, tzinfo=zone))
    )
    report = co.Report(())
    for case in (naive, aware):
        report.add_case(case, HOTLINE, D(2025, 9, 23, 10), ind)
    assert report.total().count("received") == 2
    report.add_case(aware, HOTLINE, D(2025, 9, 22, 8, 30), ind)  # 08:30 local: before receipt
    assert report.later == 1


def test_cases_awaiting_a_notice_are_listed_and_in_no_base() -> None:
    ind = co.hotline_indicators()
    case = cf.Case.open(HOTLINE.workflow, "Y", D(2026, 12, 21, 9), type="投诉").apply(
        cf.Event("1", "dispatch", D(2026, 12, 21, 10))
    )
    report = co.Report(()).add_case(case, HOTLINE, D(2027, 1, 8), ind)
    tally = report.total()
    assert report.awaiting == {"Y"}
    assert tally.count("awaiting_notice") == 1
    assert [tally.count(c) for c in ("due", "closed", "open")] == [0, 0, 0]
    provisional = co.Report(()).add_case(
        case, HOTLINE, D(2027, 1, 8), ind, cf.china_calendar().with_provisional(2027)
    )
    assert provisional.awaiting == set()
    assert provisional.total().count("provisional") == 1
    assert provisional.provisional_years == {2027}
    merged = report.merge(provisional)
    assert (merged.awaiting, merged.provisional_years) == ({"Y"}, {2027})


def test_a_by_field_no_case_has_is_named() -> None:
    ind = co.hotline_indicators()
    report = co.Report(("department", "nosuch", "type"))
    report.add_case(hotline_case(1, department="A"), HOTLINE, D(2025, 9, 23), ind)
    assert report.unknown_fields() == ["nosuch"]


def test_every_month_falls_in_its_quarter() -> None:
    quarters = [co.period_of(D(2025, month, 1), "quarter") for month in range(1, 13)]
    assert quarters == [f"2025-Q{q}" for q in (1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4)]
    with pytest.raises(cf.ArgumentError) as info:
        co.period_of(D(2025, 1, 1), "fortnight")
    assert str(info.value) == (
        "period must be one of day, week, month, quarter, year, all (got 'fortnight')"
    )


def test_a_case_received_at_the_as_of_instant_is_counted_and_every_later_one_left_out() -> None:
    ind = co.hotline_indicators()
    report = co.Report(())
    case = hotline_case(1)
    report.add_case(case, HOTLINE, D(2025, 9, 22, 9), ind)
    for _ in range(2):
        report.add_case(case, HOTLINE, D(2025, 9, 22, 8, 59), ind)
    assert (report.total().count("received"), report.later) == (1, 2)


def test_an_aware_as_of_counts_naive_cases_in_the_calendar_zone() -> None:
    ind = co.hotline_indicators()
    case = hotline_case(1, ("dispatch", D(2025, 9, 22, 10)))
    utc = dt.UTC
    naive = co.Report(()).add_case(case, HOTLINE, D(2025, 9, 22, 9, 30), ind)
    aware = co.Report(()).add_case(case, HOTLINE, D(2025, 9, 22, 1, 30, tzinfo=utc), ind)
    assert aware == naive
    before = co.Report(()).add_case(case, HOTLINE, D(2025, 9, 22, 0, 30, tzinfo=utc), ind)
    assert before.later == 1  # 08:30 in Beijing


def test_merging_keeps_every_group_every_field_and_every_case_left_out() -> None:
    ind = co.hotline_indicators()
    a, b = co.Report(("department",)), co.Report(("department",))
    a.add_case(hotline_case(1, department="A", hotline="x"), HOTLINE, D(2025, 9, 23), ind)
    a.add_case(hotline_case(2), HOTLINE, D(2025, 9, 21), ind)
    b.add_case(hotline_case(3, department="A", line="y"), HOTLINE, D(2025, 9, 23), ind)
    b.add_case(hotline_case(4, department="B"), HOTLINE, D(2025, 9, 23), ind)
    for _ in range(2):
        b.add_case(hotline_case(5), HOTLINE, D(2025, 9, 21), ind)
    merged = a.merge(b)
    assert [(g, t.count("received")) for g, _, t in merged.rows()] == [(("A",), 2), (("B",), 1)]
    assert merged.later == 3
    assert merged.fields == {"department", "hotline", "line"}
    assert merged.series(("B",))[0][1].count("received") == 1
    assert [p for p, _ in merged.series(("A",))] == ["all"]


def test_a_reclassified_case_is_grouped_and_counted_as_classified_at_the_as_of() -> None:
    ind = co.hotline_indicators()
    case = cf.Case.open(
        HOTLINE.workflow, "H", D(2025, 9, 1, 9), type="咨询", fields={"department": "城管局"}
    ).apply_all(
        [cf.Event("1", "dispatch", D(2025, 9, 1, 9)), cf.Event("2", "sign_for", D(2025, 9, 1, 10)),
         cf.Event("3", "reclassify", D(2025, 9, 2, 9), changes={"type": "投诉", "urgency": "urgent"})]
    )  # fmt: skip

    def grouped(at: dt.datetime) -> list[tuple[tuple[str, ...], int, int]]:
        report = co.Report(("type", "department")).add_case(case, HOTLINE, at, ind)
        return [(g, t.count("received"), t.count("urgent_due")) for g, _, t in report.rows()]

    # Due as a 咨询 (2 working days) on 3 September; as an urgent 投诉 (15), not yet.
    assert grouped(D(2025, 9, 2, 8)) == [(("咨询", "城管局"), 1, 0)]
    assert grouped(D(2025, 9, 2, 10)) == [(("投诉", "城管局"), 1, 0)]
    assert grouped(D(2025, 9, 30)) == [(("投诉", "城管局"), 1, 1)]


def test_add_keeps_what_add_case_keeps() -> None:
    """Report.add, given the facts, keeps the fields seen and the cases awaiting a notice as
    add_case does: two reports of the same cases are equal whichever method built them."""
    policy, indicators = cf.hotline_policy(), co.hotline_indicators()
    at = dt.datetime(2027, 1, 8, 10)  # past the data: the handling clocks wait for 2027's notice
    cases = [
        cf.Case.open(policy.workflow, f"H-{n}", dt.datetime(2026, 12, 21, 9), type="投诉",
                     fields={"department": "城管局"}).apply_all(
            [cf.Event("1", "dispatch", dt.datetime(2026, 12, 21, 10)),
             cf.Event("2", "sign_for", dt.datetime(2026, 12, 21, 11)),
             cf.Event("3", "start", dt.datetime(2026, 12, 21, 12))]
        )
        for n in range(3)
    ]  # fmt: skip
    built, added = co.Report(("department",), "month"), co.Report(("department",), "month")
    for case in cases:
        built.add_case(case, policy, at, indicators)
        added.add(case, co.case_facts(case, policy, at, indicators), at)
    assert added == built
    assert added.fields == {"department"}
    assert added.awaiting == {"H-0", "H-1", "H-2"}
    assert added.unknown_fields() == []
