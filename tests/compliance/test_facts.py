"""The facts of one case: which counts it adds to, as of an instant."""

import datetime as dt

import pytest

import civicflow as cf
from civicflow import compliance as co

D = dt.datetime


HOTLINE = cf.hotline_policy()


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


def test_a_yellow_card_is_open_at_risk_and_a_red_one_overdue() -> None:
    ind = co.hotline_indicators()
    # A complaint dispatched on Monday 22 Sep 2025 at 10:00: 15 working days run to Friday
    # 17 Oct 17:30 (National Day skipped, two make-up weekend days worked); the yellow card
    # shows one working day before.
    case = hotline_case(4, ("dispatch", D(2025, 9, 22, 10)), ("sign_for", D(2025, 9, 22, 11)))
    due = cf.deadline(D(2025, 9, 22, 10), "15个工作日")
    assert due == D(2025, 10, 17, 17, 30)

    def flags(at: dt.datetime) -> frozenset[str]:
        return co.case_facts(case, HOTLINE, at, ind).flags

    assert "open_at_risk" not in flags(D(2025, 10, 16, 17, 29))
    assert {"open", "open_at_risk"} <= flags(D(2025, 10, 16, 17, 30))
    assert "due" not in flags(D(2025, 10, 16, 17, 30))
    late = flags(D(2025, 10, 17, 17, 31))
    assert {"open", "open_overdue", "due"} <= late
    assert "open_at_risk" not in late


@pytest.mark.parametrize(
    ("workflow", "handling", "events"),
    [
        ("hotline-12345", "handling", {"merged": {"merge"}, "extended": {"approve_extension"},
                                        "returned": {"return"}, "reopened": {"reopen"}}),
        ("urban-management", "handling", {"parked": {"park"}, "extended": {"extend"},
                                           "returned": {"send_back"}, "reworked": {"rework"}}),
        ("licence-application", "decision", {"extended": {"extend"}}),
        ("rating-rectification", "rectification", {"reopened": {"redo"}}),
    ],
)  # fmt: skip
def test_every_preset_has_its_indicators(
    workflow: str, handling: str, events: dict[str, set[str]]
) -> None:
    ind = co.preset_indicators(workflow)
    assert ind.handling == handling
    assert ind.sign_for == ("sign-for" if workflow == "hotline-12345" else None)
    for name in ("parked", "merged", "extended", "returned", "reworked", "reopened"):
        assert getattr(ind, name) == frozenset(events.get(name, ()))
    # Each names goals and events its preset policy has.
    policy = cf.preset_policy(workflow)
    policy.goal(ind.handling)
    named = set().union(
        *(
            getattr(ind, n)
            for n in ("parked", "merged", "extended", "returned", "reworked", "reopened")
        )
    )
    assert named <= set(policy.workflow.events)


def test_an_unknown_workflow_has_no_indicators() -> None:
    with pytest.raises(KeyError) as info:
        co.preset_indicators("tram")
    assert info.value.args[0] == (
        "no indicators for workflow 'tram'; the presets are: hotline-12345, urban-management, "
        "licence-application, rating-rectification"
    )


def test_facts_by_where_the_case_stands() -> None:
    ind, at = co.hotline_indicators(), D(2025, 10, 1)

    def flags(*events: tuple[str, dt.datetime]) -> frozenset[str]:
        case = cf.Case.open(HOTLINE.workflow, "F", D(2025, 9, 22, 9), type="咨询")
        case = case.apply_all(cf.Event(str(k), n, t) for k, (n, t) in enumerate(events))
        return co.case_facts(case, HOTLINE, at, ind).flags

    assert flags() == {"received", "open"}  # received, the handling clock not started yet
    assert flags(("merge", D(2025, 9, 22, 9, 5))) == {"received", "merged"}
    # Ended without the handling clock: answered at first contact (直接答复) and closed.
    answered = (
        ("answer", D(2025, 9, 22, 9, 5)),
        ("call_back", D(2025, 9, 22, 10)),
        ("close", D(2025, 9, 22, 11)),
    )
    assert flags(*answered) == {"received", "closed", "due", "closed_on_time"}


def test_the_facts_carry_the_receipt_the_grade_and_no_handling_time_while_open() -> None:
    ind = co.hotline_indicators()
    case = hotline_case(5, ("dispatch", D(2025, 9, 22, 10)), rating="基本满意")
    f = co.case_facts(case, HOTLINE, D(2025, 10, 1), ind)
    assert (f.received, f.grade, f.handling_minutes, f.handling_days) == (
        D(2025, 9, 22, 9),
        "基本满意",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("grade", "good", "satisfied"),
    [("非常满意", True, True), ("满意", True, True), ("基本满意", False, True),
     ("不满意", False, False), ("非常不满意", False, False)],
)  # fmt: skip
def test_good_and_satisfied_grades(grade: str, good: bool, satisfied: bool) -> None:
    f = co.case_facts(
        hotline_case(6, rating=grade), HOTLINE, D(2025, 10, 1), co.hotline_indicators()
    )
    assert ("rated" in f.flags, "rated_good" in f.flags, "rated_satisfied" in f.flags) == (
        True,
        good,
        satisfied,
    )


def test_a_bad_grade_names_the_case_and_the_field() -> None:
    with pytest.raises(cf.FieldError) as info:
        co.case_facts(
            hotline_case(7, rating="ok"), HOTLINE, D(2025, 10, 1), co.hotline_indicators()
        )
    assert (info.value.case_id, info.value.field, info.value.value) == ("H-7", "rating", "ok")


def test_the_calendar_given_is_the_one_counted_on() -> None:
    ind = co.hotline_indicators()
    # Signed for on Wednesday: a working day after Monday's dispatch ended on Tuesday.
    case = hotline_case(8, ("dispatch", D(2025, 9, 22, 10)), ("sign_for", D(2025, 9, 24, 10)))
    at = D(2025, 9, 25)
    assert "signed_on_time" not in co.case_facts(case, HOTLINE, at, ind).flags
    typhoon = cf.china_calendar().with_days_off({dt.date(2025, 9, 23): "台风"})
    assert "signed_on_time" in co.case_facts(case, HOTLINE, at, ind, typhoon).flags
    provisional = cf.china_calendar().with_provisional(2027)
    later = cf.Case.open(HOTLINE.workflow, "P", D(2027, 3, 1, 9), type="投诉").apply(
        cf.Event("1", "dispatch", D(2027, 3, 1, 10))
    )
    assert "provisional" in co.case_facts(later, HOTLINE, D(2027, 3, 5), ind, provisional).flags
    assert "provisional" not in co.case_facts(case, HOTLINE, at, ind, provisional).flags


def test_promised_limits_do_not_hide_the_handling_goal() -> None:
    policy = cf.hotline_policy(promised="2个工作日")
    case = hotline_case(10, ("dispatch", D(2025, 9, 22, 10)), ("sign_for", D(2025, 9, 22, 11)),
                        ("start", D(2025, 9, 22, 11)), ("reply", D(2025, 9, 24, 10)))  # fmt: skip
    f = co.case_facts(case, policy, D(2025, 10, 1), co.hotline_indicators())
    assert {"closed", "closed_on_time", "signed", "signed_on_time"} <= f.flags
    assert f.handling_minutes == cf.working_time(
        D(2025, 9, 22, 10), D(2025, 9, 24, 10)
    ) // dt.timedelta(minutes=1)
