"""The due-soon list: the alerts of every case's schedule in a window, sorted, with the cases'
fields; any split of the cases gives the same list; what has nothing scheduled is counted."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst
from civicflow.compliance.due import alert_kinds

D = dt.datetime
E = cf.Event
HOTLINE = cf.hotline_policy()
KINDS = ("咨询", "投诉", "求助")


def order(d: cf.DueAlert) -> tuple[object, ...]:
    a = d.alert
    return (a.at, a.case_id, a.goal, a.target.value, list(cf.AlertKind).index(a.kind))


def hotline_cases(n: int) -> st.SearchStrategy[list[cf.Case]]:
    case = cfst.cases(
        HOTLINE.workflow, types=KINDS, urgencies=("normal", "urgent"), max_events=6,
        min_year=2010, max_year=2024,
    )  # fmt: skip
    return st.lists(case, max_size=n)


@given(
    st.data(),
    hotline_cases(6),
    st.one_of(cfst.working_hours(max_hours=40), cfst.working_days(max_days=5)),
    st.sets(st.sampled_from(list(cf.AlertKind)), min_size=1),
)
def test_the_list_is_every_schedule_in_the_window_sorted(
    data: st.DataObject, cases: list[cf.Case], within: cf.Duration, kinds: set[cf.AlertKind]
) -> None:
    """The reference any engine must equal: each case's schedule, the alerts after ``at`` and
    by the window's end, of the kinds asked, sorted by instant."""
    first = cases[0].received if cases else D(2020, 1, 1)
    at = first + dt.timedelta(minutes=data.draw(st.integers(0, 10 * 24 * 60)))
    due = cf.due_soon(cases, at, within=within, kinds=kinds, policy=HOTLINE)
    until = max(cf.deadline(at, within), at)
    assert due.until == until
    expected = [
        cf.DueAlert(a, (), s.state)
        for s in (cf.clock_schedule(c, HOTLINE, at) for c in cases)
        for a in s.alerts
        if a.kind in kinds and a.at <= until
    ]
    assert list(due.alerts) == sorted(expected, key=order)
    assert due.cases == len(cases)
    # Any split of the cases gives the same list, merged by instant.
    cut = len(cases) // 2
    parts = [
        cf.due_soon(p, at, until=until, kinds=kinds, policy=HOTLINE)
        for p in (cases[:cut], cases[cut:])
    ]
    merged = sorted((d for p in parts for d in p.alerts), key=order)
    assert merged == list(due.alerts)
    assert sum(p.paused for p in parts) == due.paused


def test_a_supervisors_list_for_the_next_four_working_hours() -> None:
    at = D(2025, 9, 30, 15, 0)  # Tuesday afternoon, the eve of National Day
    early = cf.Case.open(
        HOTLINE.workflow, "A", D(2025, 9, 29, 9), type="咨询", fields={"department": "城管局"}
    )
    early = early.apply(E("1", "dispatch", D(2025, 9, 29, 9, 30)))
    later = cf.Case.open(
        HOTLINE.workflow, "B", D(2025, 9, 30, 14), type="投诉", fields={"department": "水务局"}
    )
    later = later.apply(E("1", "dispatch", D(2025, 9, 30, 14, 30)))
    due = cf.due_soon([later, early], at, within="4个工作小时", by=("department", "type"))
    # Four working hours from Tuesday 15:00: 2h30 on Tuesday, 1h30 after the break.
    assert due.until == D(2025, 10, 9, 10, 30)
    # A (咨询, Monday): its sign-for due at Tuesday's close, its handling's yellow card then;
    # B (投诉, Tuesday 14:30): its sign-for's yellow card at Tuesday's close. A's 80 % came at
    # 14:48, before the window; B's comes on 9 October at 15:30, after it.
    assert [(d.alert.at, d.alert.case_id, d.alert.goal, d.alert.what) for d in due.alerts] == [
        (D(2025, 9, 30, 17, 30), "A", "handling", "yellow card"),
        (D(2025, 9, 30, 17, 30), "A", "sign-for", "deadline"),
        (D(2025, 9, 30, 17, 30), "B", "sign-for", "yellow card"),
        (D(2025, 9, 30, 17, 30) + dt.timedelta(microseconds=1), "A", "sign-for", "red card"),
    ]
    assert [d.fields for d in due.alerts][2:] == [
        (("department", "水务局"), ("type", "投诉")),
        (("department", "城管局"), ("type", "咨询")),
    ]
    yellow = cf.due_soon([later, early], at, within="4个工作小时", kinds=["yellow"])
    assert {d.alert.kind for d in yellow.alerts} == {cf.AlertKind.YELLOW}


def test_the_window_as_an_instant_and_the_counts_of_what_has_nothing_scheduled() -> None:
    held = cf.Case.open(HOTLINE.workflow, "P", D(2026, 2, 10, 10), type="投诉").apply_all([
        E("1", "dispatch", D(2026, 2, 10, 10, 30)), E("2", "sign_for", D(2026, 2, 10, 14)),
        E("3", "start", D(2026, 2, 11, 9)), E("4", "suspend", D(2026, 2, 12, 15)),
    ])  # fmt: skip
    year_end = cf.Case.open(HOTLINE.workflow, "Y", D(2026, 12, 29, 9), type="投诉")
    year_end = year_end.apply(E("1", "dispatch", D(2026, 12, 29, 10)))
    due = cf.due_soon([held, year_end], D(2026, 12, 29, 11), until=D(2026, 12, 31, 18))
    assert due.cases == 2
    assert due.paused == 1  # the suspended complaint
    assert due.awaiting == ((2027, 2),)  # the handling deadline and the severe instant
    assert {d.alert.case_id for d in due.alerts} == {"Y"}
    assert all(d.alert.at <= D(2026, 12, 31, 18) for d in due.alerts)


def test_aware_cases_read_a_naive_instant_in_the_calendars_zone() -> None:
    utc = dt.UTC
    aware = cf.Case.open(HOTLINE.workflow, "Z", D(2025, 9, 29, 1, tzinfo=utc), type="咨询")
    aware = aware.apply(E("1", "dispatch", D(2025, 9, 29, 1, 30, tzinfo=utc)))  # 09:30 local
    naive = cf.Case.open(HOTLINE.workflow, "N", D(2025, 9, 29, 9), type="咨询")
    naive = naive.apply(E("1", "dispatch", D(2025, 9, 29, 9, 30)))
    due = cf.due_soon([aware, naive], D(2025, 9, 29, 10), within="1个工作日")
    pairs = [(d.alert.case_id, d.alert.what) for d in due.alerts]
    # The same order for both: the aware instants are compared in local time.
    assert pairs[0:2] == [("N", "yellow card"), ("Z", "yellow card")]
    assert due.alerts[1].alert.at == D(2025, 9, 29, 9, 30, tzinfo=utc)


def test_mistakes_are_named() -> None:
    at = D(2025, 9, 30, 15)
    with pytest.raises(cf.ArgumentError, match="'within'"):
        cf.due_soon([], at)
    with pytest.raises(cf.ArgumentError, match="'within'"):
        cf.due_soon([], at, within="1个工作日", until=at)
    with pytest.raises(cf.ArgumentError, match=r"ends .* before it starts"):
        cf.due_soon([], at, until=at - dt.timedelta(hours=1))
    with pytest.raises(cf.ArgumentError, match="'until' must be a datetime"):
        cf.due_soon([], at, until="tomorrow")  # type: ignore[arg-type]
    with pytest.raises(cf.ArgumentError, match="'kinds' are threshold, yellow"):
        cf.due_soon([], at, within="1个工作日", kinds=["blue"])
    with pytest.raises(cf.DurationError):
        cf.due_soon([], at, within="3 fortnights")
    assert alert_kinds("red") == {cf.AlertKind.RED}
    assert alert_kinds(None) == set(cf.AlertKind)


def test_the_window_holds_its_end_and_not_its_start() -> None:
    case = cf.Case.open(HOTLINE.workflow, "A", D(2025, 9, 29, 9), type="咨询")
    case = case.apply(E("1", "dispatch", D(2025, 9, 29, 9, 30)))
    # The sign-for deadline is 30 September 17:30: a window to that instant holds it, and not
    # the red card a microsecond later; a window from that instant holds the red card only.
    up_to = cf.due_soon([case], D(2025, 9, 30, 15), until=D(2025, 9, 30, 17, 30))
    assert [d.alert.what for d in up_to.alerts] == ["yellow card", "deadline"]
    after = cf.due_soon([case], D(2025, 9, 30, 17, 30), until=D(2025, 9, 30, 18))
    assert [d.alert.what for d in after.alerts] == ["red card"]


def test_alerts_at_one_instant_come_in_the_order_of_their_kinds() -> None:
    policy = cf.Policy(
        "ten hours",
        HOTLINE.workflow,
        (cf.Goal("handling", (cf.Limit(cf.WorkingHours(10)),), start="dispatch", stop="reply"),),
        cf.Warnings(cf.WorkingHours(2), (0.8,)),
    )
    case = cf.Case.open(HOTLINE.workflow, "T", D(2025, 3, 3, 9))
    case = case.apply(E("1", "dispatch", D(2025, 3, 3, 9)))
    due = cf.due_soon([case], D(2025, 3, 3, 9), within="3个工作日", policy=policy)
    # Eight hours of ten used is also two hours before the deadline: 80 %, then the card.
    assert [(d.alert.at, d.alert.what) for d in due.alerts][:2] == [
        (D(2025, 3, 4, 10), "reached 80%"),
        (D(2025, 3, 4, 10), "yellow card"),
    ]


#: Limits in calendar days and hours short enough to breach, run severely overdue, or run
#: past the end of the holiday data: the list reads these the per-case way or on the arrays.
MIXED = cf.hotline_policy(
    handling=(("咨询", "2个工作小时"), ("投诉", "10天"), ("求助", "1个工作日")),
    warnings=cf.Warnings(thresholds=(0.5, 0.8), severe_multiple=2),
)


@pytest.mark.parametrize(
    "at", [D(2025, 6, 3, 10), D(2025, 6, 9, 16), D(2026, 12, 18, 10), D(2026, 12, 24, 15)]
)
def test_the_list_on_the_engine_is_that_of_each_case_s_schedule(at: dt.datetime) -> None:
    """Open clocks, clocks on hold, overdue clocks with their severe instant ahead, limits in
    calendar days (read per case), clocks waiting for next year's notice."""
    from civicflow.exchange.documents.synth import synth_cases

    cases = list(synth_cases(400, seed=5, first=at.date() - dt.timedelta(days=30), days=20))
    cases = [c for c in cases if c.received <= at]
    due = cf.due_soon(cases, at, within="1个工作日", policy=MIXED)
    schedules = [cf.clock_schedule(c, MIXED, at) for c in cases]
    expected = [
        cf.DueAlert(a, (), s.state) for s in schedules for a in s.alerts if a.at <= due.until
    ]
    assert list(due.alerts) == sorted(expected, key=order)
    unscheduled = [u for s in schedules for u in s.unscheduled]
    assert due.paused == sum(u.awaiting_notice is None for u in unscheduled)
    awaited = sorted({u.awaiting_notice for u in unscheduled if u.awaiting_notice is not None})
    assert [year for year, _ in due.awaiting] == awaited
