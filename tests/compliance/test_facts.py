"""The facts of one case: which counts it adds to, as of an instant."""

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow import compliance as co
from civicflow import strategies as cfst

D = dt.datetime


HOTLINE = cf.hotline_policy()


#: The bases of the event rates a hotline case is in: its workflow can extend and return.
HOTLINE_BASES = {"can_extend", "can_return"}
#: The same for an urban case.
URBAN_BASES = {"can_extend", "can_return"}


def hotline_case(n: int, *events: tuple[str, dt.datetime], **fields: str) -> cf.Case:
    case = cf.Case.open(HOTLINE.workflow, f"H-{n}", D(2025, 9, 22, 9), type="投诉", fields=fields)
    return case.apply_all(cf.Event(str(k), name, t) for k, (name, t) in enumerate(events))


#: A complaint handled and replied to on time, then called back (回访) on Thursday.
REPLIED_AND_CALLED_BACK = (
    ("dispatch", D(2025, 9, 22, 10)),
    ("sign_for", D(2025, 9, 22, 11)),
    ("start", D(2025, 9, 22, 11)),
    ("reply", D(2025, 9, 24, 10)),
    ("call_back", D(2025, 9, 25, 10)),
)


def test_case_facts() -> None:
    ind = co.hotline_indicators()
    at = D(2025, 12, 31)
    closed = hotline_case(1, *REPLIED_AND_CALLED_BACK, rating="满意")
    f = co.case_facts(closed, HOTLINE, at, ind)
    assert f.flags == {
        "received", "due", "closed", "closed_on_time", "signed", "signed_on_time", "rated",
        "rated_good", "rated_satisfied", "reopen_base", "first_due", "right_first_time",
        *HOTLINE_BASES,
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
    assert f.flags == {"received", "parked", *URBAN_BASES}  # parked before its deadline: not due


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


#: The fields of an Indicators value that name events.
EVENT_INDICATORS = (
    "parked",
    "merged",
    "extended",
    "returned",
    "reworked",
    "reopened",
    "answered",
    "rated_by",
    "supplemented",
)


@pytest.mark.parametrize(
    ("workflow", "handling", "events"),
    [
        ("hotline-12345", "handling", {"merged": {"merge"}, "extended": {"approve_extension"},
                                        "returned": {"return"}, "reopened": {"reopen"},
                                        "answered": {"answer"}, "rated_by": {"call_back"}}),
        ("urban-management", "handling", {"parked": {"park"}, "extended": {"extend"},
                                           "returned": {"send_back"}, "reworked": {"rework"},
                                           "rated_by": {"evaluate"}}),
        ("licence-application", "decision", {"extended": {"extend"}, "rated_by": {"deliver"},
                                              "supplemented": {"request_supplement"}}),
        ("rating-rectification", "rectification", {"reopened": {"redo"}}),
    ],
)  # fmt: skip
def test_every_preset_has_its_indicators(
    workflow: str, handling: str, events: dict[str, set[str]]
) -> None:
    ind = co.preset_indicators(workflow)
    assert ind.handling == handling
    assert ind.sign_for == ("sign-for" if workflow == "hotline-12345" else None)
    for name in EVENT_INDICATORS:
        assert getattr(ind, name) == frozenset(events.get(name, ()))
    # Each names goals and events its preset policy has.
    policy = cf.preset_policy(workflow)
    policy.goal(ind.handling)
    named = set().union(*(getattr(ind, n) for n in EVENT_INDICATORS))
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

    # received, the handling clock not started yet
    assert flags() == {"received", "open", *HOTLINE_BASES}
    assert flags(("merge", D(2025, 9, 22, 9, 5))) == {"received", "merged", *HOTLINE_BASES}
    # Ended without the handling clock: answered at first contact (直接答复) and closed,
    # whether or not the callback has happened yet.
    answered = {"received", "closed", "due", "closed_on_time", "reopen_base", "first_due",
                "right_first_time", "immediate", *HOTLINE_BASES}  # fmt: skip
    assert flags(("answer", D(2025, 9, 22, 9, 5))) == answered
    called_back = (("call_back", D(2025, 9, 22, 10)), ("close", D(2025, 9, 22, 11)))
    assert flags(("answer", D(2025, 9, 22, 9, 5)), *called_back) == answered


def test_the_facts_carry_the_receipt_the_grade_and_no_handling_time_while_open() -> None:
    ind = co.hotline_indicators()
    case = hotline_case(5, ("dispatch", D(2025, 9, 22, 10)), rating="基本满意")
    f = co.case_facts(case, HOTLINE, D(2025, 10, 1), ind)
    assert (f.received, f.grade, f.handling_minutes, f.handling_days) == (
        D(2025, 9, 22, 9),
        None,  # no callback yet: the grade was given later, as far as 1 October knows
        None,
        None,
    )
    rated = hotline_case(5, *REPLIED_AND_CALLED_BACK, rating="基本满意")
    assert co.case_facts(rated, HOTLINE, D(2025, 10, 1), ind).grade == "基本满意"


@pytest.mark.parametrize(
    ("grade", "good", "satisfied"),
    [("非常满意", True, True), ("满意", True, True), ("基本满意", False, True),
     ("不满意", False, False), ("非常不满意", False, False)],
)  # fmt: skip
def test_good_and_satisfied_grades(grade: str, good: bool, satisfied: bool) -> None:
    f = co.case_facts(
        hotline_case(6, *REPLIED_AND_CALLED_BACK, rating=grade),
        HOTLINE,
        D(2025, 10, 1),
        co.hotline_indicators(),
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


# -- bases that add up (docs/indicators/counts.md) ------------------------------------------

URBAN = cf.urban_policy()


def urban_case(n: int, *events: tuple[str, dt.datetime]) -> cf.Case:
    """A 暴露垃圾 report filed and dispatched on Monday 1 September 2025 (4 working hours)."""
    case = cf.Case.open(URBAN.workflow, f"U-{n}", D(2025, 9, 1, 9), category="暴露垃圾")
    opened = [("file", D(2025, 9, 1, 9, 30)), ("dispatch", D(2025, 9, 1, 10))]
    return case.apply_all(cf.Event(str(k), *e) for k, e in enumerate([*opened, *events]))


def urban_tally(cases: list[cf.Case], at: dt.datetime) -> co.Tally:
    tally = co.Tally()
    for case in cases:
        tally.add(co.case_facts(case, URBAN, at, co.urban_indicators()))
    return tally


def test_ten_urban_cases_six_closed_two_parked_late_two_overdue() -> None:
    on_time = [urban_case(n, ("feed_back", D(2025, 9, 1, 11))) for n in range(6)]
    parked_late = [urban_case(n, ("park", D(2025, 9, 10, 10))) for n in (6, 7)]
    overdue = [urban_case(n) for n in (8, 9)]
    t = urban_tally([*on_time, *parked_late, *overdue], D(2025, 12, 31))
    assert (t.count("due"), t.count("parked"), t.count("parked_due")) == (10, 2, 2)
    assert t.rate(co.JINHUA.rate("closure")) == co.Ratio(6, 8)  # 6 / (10 - 2)
    assert t.rate(co.JINHUA.rate("on_time_closure")) == co.Ratio(6, 8)
    assert t.rate(co.TIANMEN.rate("closure")) == co.Ratio(6, 10)


def test_a_case_parked_before_its_deadline_never_came_due() -> None:
    early = urban_case(1, ("park", D(2025, 9, 1, 11)))
    t = urban_tally([early, urban_case(2, ("feed_back", D(2025, 9, 1, 11)))], D(2025, 12, 31))
    assert (t.count("due"), t.count("parked"), t.count("parked_due")) == (1, 1, 0)
    assert t.rate(co.JINHUA.rate("closure")) == t.rate(co.TIANMEN.rate("closure")) == co.Ratio(1, 1)


def test_a_case_unparked_is_handled_again_and_open() -> None:
    case = urban_case(1, ("park", D(2025, 9, 1, 11)), ("unpark", D(2025, 9, 2, 10)))
    flags = co.case_facts(case, URBAN, D(2025, 9, 2, 11), co.urban_indicators()).flags
    assert {"open", "parked"} & flags == {"open"}


def test_a_report_discarded_before_filing_left_every_base() -> None:
    case = cf.Case.open(URBAN.workflow, "U", D(2025, 9, 1, 9)).apply(
        cf.Event("1", "discard", D(2025, 9, 1, 10))
    )
    flags = co.case_facts(case, URBAN, D(2025, 12, 31), co.urban_indicators()).flags
    assert flags == {"received", "cancelled", *URBAN_BASES}


def test_a_withdrawn_application_is_cancelled_not_parked() -> None:
    licence = cf.licence_policy()
    case = cf.Case.open(licence.workflow, "L", D(2025, 9, 1, 9)).apply_all(
        [cf.Event("1", "accept", D(2025, 9, 1, 10)), cf.Event("2", "withdraw", D(2025, 9, 2, 10))]
    )
    flags = co.case_facts(case, licence, D(2025, 12, 31), co.licence_indicators()).flags
    assert flags == {"received", "cancelled", "can_extend"}


# -- the service hall: online throughout, immediate, in one go, the 办不成事 window ---------

LICENCE = cf.licence_policy()
HALL = frozenset({"online_throughout", "immediate", "one_go_base", "one_go", "window_brought",
                  "window_solved", "window_rated", "window_satisfied"})  # fmt: skip


def hall_flags(
    *events: tuple[str, dt.datetime, str],
    channel: str = "online",
    kind: str = "企业登记",
    rating: str = "",
) -> frozenset[str]:
    case = cf.Case.open(
        LICENCE.workflow, "L", D(2025, 9, 1, 9), type=kind, channel=channel,
        fields={"rating": rating} if rating else {},
    ).apply_all(cf.Event(str(k), n, t, channel=c) for k, (n, t, c) in enumerate(events))  # fmt: skip
    return co.case_facts(case, LICENCE, D(2025, 12, 31), co.licence_indicators()).flags & HALL


def test_a_case_is_online_throughout_only_if_every_step_to_its_decision_was() -> None:
    accept, decide = (
        ("accept", D(2025, 9, 1, 10), "online"),
        ("decide", D(2025, 9, 1, 15), "online"),
    )
    assert hall_flags(accept, decide) == {"online_throughout", "immediate", "one_go", "one_go_base"}
    # Received in the hall, or one step done at the counter: not 全程网办.
    assert "online_throughout" not in hall_flags(accept, decide, channel="hall")
    assert "online_throughout" not in hall_flags(("accept", D(2025, 9, 1, 10), "hall"), decide)
    # A step whose channel is not recorded is not known to be online.
    assert "online_throughout" not in hall_flags(("accept", D(2025, 9, 1, 10), ""), decide)
    # Delivery after the decision is not a step of the handling: the matter closed online.
    delivered = ("deliver", D(2025, 9, 3, 10), "post")
    assert "online_throughout" in hall_flags(accept, decide, delivered)
    # Not decided yet: in no count of the hall (its base is the closed cases).
    assert hall_flags(accept) == set()


def test_immediate_and_in_one_go() -> None:
    accept = ("accept", D(2025, 9, 1, 10), "online")
    # Decided the next day: not a 即办件; still in one go.
    assert hall_flags(accept, ("decide", D(2025, 9, 2, 9), "online")) == {
        "online_throughout", "one_go", "one_go_base"
    }  # fmt: skip
    # Materials asked for (一次性告知补正): closed, but not in one go.
    supplemented = hall_flags(
        ("request_supplement", D(2025, 9, 1, 10), "online"),
        ("materials_received", D(2025, 9, 3, 10), "online"),
        ("decide", D(2025, 9, 4, 10), "online"),
    )
    assert supplemented == {"online_throughout", "one_go_base"}


def test_the_window_counts_problems_brought_solved_and_satisfaction() -> None:
    accept = ("accept", D(2025, 9, 1, 10), "hall")
    assert hall_flags(accept, kind="办不成事") == {"window_brought"}
    solved = (accept, ("decide", D(2025, 9, 5, 10), "hall"))
    assert hall_flags(*solved, kind="办不成事", channel="hall") == {
        "window_brought", "window_solved", "one_go", "one_go_base"
    }  # fmt: skip
    # Rated at delivery (送达): satisfied, or not.
    rated = (*solved, ("deliver", D(2025, 9, 5, 11), "hall"))
    assert hall_flags(*rated, kind="办不成事", channel="hall", rating="满意") >= {
        "window_rated", "window_satisfied"
    }  # fmt: skip
    unhappy = hall_flags(*rated, kind="办不成事", channel="hall", rating="不满意")
    assert "window_rated" in unhappy
    assert "window_satisfied" not in unhappy
    # A registration is no problem of the window.
    assert not hall_flags(*rated, rating="满意") & {"window_brought", "window_rated"}


def test_rework_is_no_rate_of_a_workflow_without_rework() -> None:
    closed = hotline_case(1, *REPLIED_AND_CALLED_BACK)
    t = co.Tally()
    t.add(co.case_facts(closed, HOTLINE, D(2025, 12, 31), co.hotline_indicators()))
    assert t.rate(co.JINHUA.rate("rework")).value is None
    assert t.rate(co.JINHUA.rate("reopen")) == co.Ratio(0, 1)
    reworked = urban_case(
        1, ("feed_back", D(2025, 9, 1, 11)), ("rework", D(2025, 9, 1, 12))
    )  # open again, and in the base of the rework rate
    u = urban_tally([reworked], D(2025, 12, 31))
    assert u.rate(co.JINHUA.rate("rework")) == co.Ratio(1, 1)
    assert u.rate(co.JINHUA.rate("reopen")).value is None


def test_nothing_after_the_as_of_instant_is_counted() -> None:
    case = hotline_case(1, *REPLIED_AND_CALLED_BACK, rating="不满意")
    ind = co.hotline_indicators()
    before_callback = co.case_facts(case, HOTLINE, D(2025, 9, 25, 9), ind)
    assert "rated" not in before_callback.flags
    assert {"closed", "closed_on_time"} <= before_callback.flags
    before_reply = co.case_facts(case, HOTLINE, D(2025, 9, 24, 9), ind)
    assert "closed" not in before_reply.flags
    assert "open" in before_reply.flags


def test_the_rework_and_reopen_bases_hold_the_cases_closed_or_sent_round_again() -> None:
    closed = urban_case(1, ("feed_back", D(2025, 9, 1, 11)))
    assert (
        "rework_base" in co.case_facts(closed, URBAN, D(2025, 12, 31), co.urban_indicators()).flags
    )
    ind = co.hotline_indicators()
    reopened = hotline_case(2, *REPLIED_AND_CALLED_BACK, ("reopen", D(2025, 9, 25, 11)))
    flags = co.case_facts(reopened, HOTLINE, D(2025, 12, 31), ind).flags
    assert {"open", "reopened", "reopen_base"} <= flags
    assert "closed" not in flags


def test_an_event_at_the_as_of_instant_is_seen() -> None:
    case = urban_case(1, ("feed_back", D(2025, 9, 1, 11)), ("rework", D(2025, 9, 1, 12)))
    flags = co.case_facts(case, URBAN, D(2025, 9, 1, 12), co.urban_indicators()).flags
    assert "reworked" in flags


def test_a_case_parked_at_its_deadline_was_not_late() -> None:
    at_deadline = urban_case(1, ("park", D(2025, 9, 1, 15, 30)))  # 4 working hours from 10:00
    flags = co.case_facts(at_deadline, URBAN, D(2025, 12, 31), co.urban_indicators()).flags
    assert "parked" in flags
    assert not flags & {"due", "parked_due"}


def test_a_clock_cancelled_by_a_merge_is_merged() -> None:
    merging = attrs.evolve(co.urban_indicators(), parked=frozenset(), merged="park")
    case = urban_case(1, ("park", D(2025, 9, 1, 11)))
    flags = co.case_facts(case, URBAN, D(2025, 12, 31), merging).flags
    assert flags == {"received", "merged", *URBAN_BASES}


def test_a_promised_limit_of_an_earlier_goal_hides_no_later_goal() -> None:
    sign_for = HOTLINE.goal("sign-for")
    promised = attrs.evolve(
        sign_for,
        limits=tuple(attrs.evolve(x, promised=cf.WorkingHours(2)) for x in sign_for.limits),
    )
    others = tuple(g for g in HOTLINE.goals if g.name != "sign-for")
    policy = cf.Policy("promising", HOTLINE.workflow, (promised, *others), HOTLINE.warnings)
    assert [
        (s.goal, s.target.value)
        for s in cf.evaluate(
            hotline_case(1, *REPLIED_AND_CALLED_BACK), policy, D(2025, 12, 31)
        ).goals
    ][:3] == [("sign-for", "statutory"), ("sign-for", "promised"), ("handling", "statutory")]
    flags = co.case_facts(
        hotline_case(1, *REPLIED_AND_CALLED_BACK), policy, D(2025, 12, 31), co.hotline_indicators()
    ).flags
    assert {"closed", "closed_on_time"} <= flags


def december_complaint(*events: tuple[str, dt.datetime]) -> cf.Case:
    """Dispatched on 2026-12-21: its 15 working days run into 2027, past the data."""
    case = cf.Case.open(HOTLINE.workflow, "Y", D(2026, 12, 21, 9), type="投诉")
    opened = [("dispatch", D(2026, 12, 21, 10)), ("sign_for", D(2026, 12, 21, 11)),
              ("start", D(2026, 12, 21, 14))]  # fmt: skip
    return case.apply_all(cf.Event(str(k), *e) for k, e in enumerate([*opened, *events]))


def test_past_the_data_a_case_awaits_the_notice_or_keeps_what_is_known() -> None:
    ind = co.hotline_indicators()
    waiting = co.case_facts(december_complaint(), HOTLINE, D(2027, 1, 8), ind)
    assert waiting.flags == {"received", "awaiting_notice", "signed", "signed_on_time",
                             *HOTLINE_BASES}  # fmt: skip
    # Closed inside the data, its deadline not known: met, and its handling time counted.
    replied = december_complaint(("reply", D(2026, 12, 23, 10)))
    closed = co.case_facts(replied, HOTLINE, D(2027, 1, 8), ind)
    assert {"closed", "closed_on_time"} <= closed.flags
    assert closed.handling_minutes == (6 + 7 + 1) * 60  # Monday 10:00 to Wednesday 10:00
    assert type(closed.handling_minutes) is int
    # Breached inside the data, closed past it: late, its handling time not known in full.
    november = cf.Case.open(HOTLINE.workflow, "N", D(2026, 11, 2, 9), type="投诉").apply_all(
        cf.Event(str(k), name, at)
        for k, (name, at) in enumerate(
            [("dispatch", D(2026, 11, 2, 10)), ("sign_for", D(2026, 11, 2, 11)),
             ("start", D(2026, 11, 2, 14)), ("reply", D(2027, 1, 5, 10))]
        )
    )  # fmt: skip
    late = co.case_facts(november, HOTLINE, D(2027, 1, 8), ind)
    assert {"closed", "due"} <= late.flags
    assert "closed_on_time" not in late.flags
    assert (late.handling_minutes, late.handling_days) == (None, None)


def test_a_case_the_handling_goal_does_not_apply_to_is_placed_by_its_state() -> None:
    handling = HOTLINE.goal("handling")
    complaints_only = attrs.evolve(
        handling, limits=(attrs.evolve(handling.limits[-1], types=frozenset({"投诉"})),)
    )
    others = tuple(g for g in HOTLINE.goals if g.name != "handling")
    policy = cf.Policy("complaints", HOTLINE.workflow, (*others, complaints_only))
    enquiry = cf.Case.open(HOTLINE.workflow, "Q", D(2025, 9, 22, 9), type="咨询")
    flags = co.case_facts(enquiry, policy, D(2025, 9, 23), co.hotline_indicators()).flags
    assert flags == {"received", "open", *HOTLINE_BASES}


# -- the callback's three answers (hotline-callback) ----------------------------------------


def called_back(n: int, **answers: str) -> cf.Case:
    return hotline_case(n, *REPLIED_AND_CALLED_BACK, **answers)


def test_the_three_rates_of_the_callback_count_the_callers_asked() -> None:
    cases = [
        called_back(1, responded="是", resolved="是", satisfied="是"),
        called_back(2, responded="是", resolved="否", satisfied="是"),
        called_back(3, responded="yes", resolved="no", satisfied="否"),
        called_back(4, responded="否"),  # asked only whether the unit responded
        hotline_case(5, ("dispatch", D(2025, 9, 22, 10)), responded="是"),  # no callback yet
    ]
    tally = co.Tally()
    for case in cases:
        tally.add(co.case_facts(case, HOTLINE, D(2025, 12, 31), co.hotline_indicators()))
    book = co.CALLBACK_RATES
    assert tally.rate(book.rate("response")) == co.Ratio(3, 4)
    assert tally.rate(book.rate("resolution")) == co.Ratio(1, 3)
    assert tally.rate(book.rate("satisfaction")) == co.Ratio(2, 3)


def test_a_callback_after_the_as_of_instant_is_not_counted() -> None:
    case = called_back(1, responded="是", resolved="是", satisfied="是")
    ind = co.hotline_indicators()
    assert not co.case_facts(case, HOTLINE, D(2025, 9, 25, 9), ind).flags & {
        "callback_response", "callback_resolution", "callback_satisfaction"
    }  # fmt: skip
    assert {"callback_response", "callback_responded"} <= co.case_facts(
        case, HOTLINE, D(2025, 9, 25, 10), ind
    ).flags


def test_an_answer_that_is_neither_yes_nor_no_names_the_case_and_the_field() -> None:
    with pytest.raises(cf.FieldError) as info:
        co.case_facts(
            called_back(9, resolved="maybe"), HOTLINE, D(2025, 12, 31), co.hotline_indicators()
        )
    assert (info.value.case_id, info.value.field, info.value.value) == ("H-9", "resolved", "maybe")
    assert "is not a yes or a no" in str(info.value)
    renamed = attrs.evolve(co.hotline_indicators(), callback_fields=("联系", "解决", "满意"))
    flags = co.case_facts(called_back(10, 解决="是"), HOTLINE, D(2025, 12, 31), renamed).flags
    assert {"callback_resolution", "callback_resolved"} <= flags


def test_the_callback_fields_are_three_names() -> None:
    with pytest.raises(ValueError, match="must be three field names") as info:
        co.Indicators("handling", callback_fields=("联系", "解决"))  # type: ignore[arg-type]
    assert str(info.value).endswith("(got ('联系', '解决'))")


def test_a_case_failing_its_check_three_times_and_urgent_cases_are_counted() -> None:
    rounds = []
    for n, hour in enumerate((11, 13, 15)):
        rounds += [("feed_back", D(2025, 9, 2 + n, hour)), ("rework", D(2025, 9, 2 + n, hour + 1))]
    twice = urban_case(1, *rounds[:4])
    thrice = urban_case(2, *rounds)
    ind = co.urban_indicators()
    assert "reworked_thrice" not in co.case_facts(twice, URBAN, D(2025, 12, 31), ind).flags
    assert "reworked_thrice" in co.case_facts(thrice, URBAN, D(2025, 12, 31), ind).flags
    assert "reworked_thrice" not in co.case_facts(thrice, URBAN, D(2025, 9, 4, 15), ind).flags
    assert "reworked_thrice" in co.case_facts(thrice, URBAN, D(2025, 9, 4, 16), ind).flags
    urgent = attrs.evolve(urban_case(3, ("feed_back", D(2025, 9, 1, 11))), urgency="urgent")
    flags = co.case_facts(urgent, URBAN, D(2025, 12, 31), ind).flags
    assert {"urgent_due", "urgent_closed", "urgent_closed_on_time", "closed", "received"} <= flags
    assert "urgent_parked_due" not in flags
    normal = co.case_facts(
        urban_case(4, ("feed_back", D(2025, 9, 1, 11))), URBAN, D(2025, 12, 31), ind
    )
    assert not {f for f in normal.flags if f.startswith("urgent_")}


def test_a_reworked_case_is_not_right_first_time_but_its_first_cycle_came_due() -> None:
    ind = co.urban_indicators()
    once = urban_case(1, ("feed_back", D(2025, 9, 1, 11)))
    reworked = urban_case(2, ("feed_back", D(2025, 9, 1, 11)), ("rework", D(2025, 9, 1, 14)))
    sent_back = urban_case(3, ("send_back", D(2025, 9, 1, 11)), ("dispatch", D(2025, 9, 1, 12)))
    flags = [
        co.case_facts(c, URBAN, D(2025, 9, 1, 15), ind).flags for c in (once, reworked, sent_back)
    ]
    assert {"first_due", "right_first_time"} <= flags[0]
    assert "restarted" not in flags[0]
    assert {"restarted", "first_due"} <= flags[1]
    assert "right_first_time" not in flags[1]
    # Sent back and dispatched again before its deadline: the first cycle never came due.
    assert "restarted" in flags[2]
    assert not flags[2] & {"first_due", "right_first_time"}
    tally = co.Tally()
    for f in flags:
        tally.add(co.CaseFacts(D(2025, 9, 1), f))
    assert tally.rate(co.JINHUA.rate("right_first_time")) == co.Ratio(1, 2)


def test_one_reopen_is_a_restart_from_the_instant_it_happens() -> None:
    ind = co.hotline_indicators()
    reopened = hotline_case(1, *REPLIED_AND_CALLED_BACK, ("reopen", D(2025, 9, 25, 11)))
    assert "restarted" in co.case_facts(reopened, HOTLINE, D(2025, 9, 25, 11), ind).flags
    assert "restarted" not in co.case_facts(reopened, HOTLINE, D(2025, 9, 25, 10), ind).flags


def test_a_case_closed_on_time_after_a_rework_is_not_right_first_time() -> None:
    case = urban_case(
        1, ("feed_back", D(2025, 9, 1, 11)), ("rework", D(2025, 9, 1, 14)),
        ("feed_back", D(2025, 9, 1, 15)),
    )  # fmt: skip
    flags = co.case_facts(case, URBAN, D(2025, 12, 31), co.urban_indicators()).flags
    assert {"closed_on_time", "restarted", "first_due"} <= flags
    assert "right_first_time" not in flags


def test_the_first_cycle_is_read_on_the_calendar_given() -> None:
    # Sent back on Tuesday 10:00 and dispatched again at 11:00. Its 4 working hours ran out
    # on Monday 15:30; with Monday a day off they would run to Tuesday 14:30.
    case = urban_case(1, ("send_back", D(2025, 9, 2, 10)), ("dispatch", D(2025, 9, 2, 11)))
    ind = co.urban_indicators()
    assert "first_due" in co.case_facts(case, URBAN, D(2025, 9, 3), ind).flags
    typhoon = cf.china_calendar().with_days_off({dt.date(2025, 9, 1): "台风"})
    assert "first_due" not in co.case_facts(case, URBAN, D(2025, 9, 3), ind, typhoon).flags


@settings(max_examples=200)
@given(cfst.cases(LICENCE.workflow, types=("办不成事", "企业登记"), min_year=2024, max_year=2025),
       st.sampled_from([None, *co.GRADES]))  # fmt: skip
def test_the_hall_counts_nest_and_follow_every_step(case: cf.Case, grade: str | None) -> None:
    if grade is not None:
        case = attrs.evolve(case, fields=(("rating", grade),))
    flags = co.case_facts(case, LICENCE, case.last_moment, co.licence_indicators()).flags
    closed = "closed" in flags
    decided = next((e for e in case.history if e.name == "decide"), None)
    assert closed == (decided is not None)
    steps = [e for e in case.history if decided is not None and e.at <= decided.at]
    online = closed and case.channel == "online" and all(e.channel == "online" for e in steps)
    assert ("online_throughout" in flags) == online
    same_day = decided is not None and decided.at.date() == case.received.date()
    assert ("immediate" in flags) == same_day
    assert ("one_go_base" in flags) == closed
    asked = any(e.name == "request_supplement" for e in steps)
    assert ("one_go" in flags) == (closed and not asked)
    window = case.type == "办不成事"
    assert ("window_brought" in flags) == window
    assert ("window_solved" in flags) == (window and closed)
    assert ("window_rated" in flags) == (window and "rated" in flags)
    assert ("window_satisfied" in flags) == (window and "rated_satisfied" in flags)


def test_the_hall_counts_read_the_case_as_of_the_instant() -> None:
    ind = attrs.evolve(co.hotline_indicators(), window=frozenset({"办不成事"}))
    case = cf.Case.open(HOTLINE.workflow, "H", D(2025, 9, 1, 22), type="咨询").apply_all(
        [cf.Event("1", "reclassify", D(2025, 9, 1, 23), changes={"type": "办不成事",
                                                                "urgency": "urgent"}),
         cf.Event("2", "answer", D(2025, 9, 2, 0, 10))]
    )  # fmt: skip

    def flags(at: dt.datetime) -> frozenset[str]:
        return co.case_facts(case, HOTLINE, at, ind).flags

    before = flags(D(2025, 9, 1, 22, 30))
    assert not before & {"window_brought", "urgent_due"}
    # Answered at first contact after midnight: closed, not on the day it was received.
    answered = flags(D(2025, 9, 2, 0, 10))  # the very instant of the answer
    assert {"closed", "window_brought", "window_solved", "urgent_closed"} <= answered
    assert "immediate" not in answered


def test_a_window_problem_reclassified_after_it_was_solved_was_solved_as_one() -> None:
    desk = cf.Workflow(
        "desk", states=("new", "done"), initial="new", terminal=("done",),
        transitions=(cf.Transition("close", "new", "done"),
                     cf.Transition("retag", "done", None, reclassifies=True)),
    )  # fmt: skip
    policy = cf.Policy("desk", desk, (cf.Goal("handling", (cf.Limit(cf.WorkingDays(5)),),
                                              start="new", stop="close"),))  # fmt: skip
    ind = co.Indicators("handling", window="办不成事")
    case = cf.Case.open(desk, "W", D(2025, 9, 1, 9), type="办不成事").apply_all(
        [cf.Event("1", "close", D(2025, 9, 2, 9)),
         cf.Event("2", "retag", D(2025, 9, 3, 9), changes={"type": "咨询"})]
    )  # fmt: skip
    then = co.case_facts(case, policy, D(2025, 9, 2, 12), ind).flags
    assert {"window_brought", "window_solved"} <= then
    assert not co.case_facts(case, policy, D(2025, 9, 4), ind).flags & {
        "window_brought",
        "window_solved",
    }


def test_a_hotline_order_can_be_online_throughout_and_immediate_in_its_own_zone() -> None:
    utc = dt.UTC
    # Received at 23:30 UTC (07:30 in Beijing on the 2nd), answered at 01:00 UTC (09:00 on
    # the 2nd): the same local day, though not the same day in UTC.
    case = cf.Case.open(HOTLINE.workflow, "H", D(2025, 9, 1, 23, 30, tzinfo=utc), type="咨询",
                        channel="online").apply(
        cf.Event("1", "answer", D(2025, 9, 2, 1, tzinfo=utc), channel="online"))  # fmt: skip
    flags = co.case_facts(case, HOTLINE, D(2025, 9, 3, tzinfo=utc), co.hotline_indicators()).flags
    assert {"online_throughout", "immediate"} <= flags
    # Answered the next local day: not immediate.
    later = cf.Case.open(HOTLINE.workflow, "H", D(2025, 9, 1, 15, tzinfo=utc), type="咨询").apply(
        cf.Event("1", "answer", D(2025, 9, 1, 17, tzinfo=utc)))  # fmt: skip
    flags = co.case_facts(later, HOTLINE, D(2025, 9, 3, tzinfo=utc), co.hotline_indicators()).flags
    assert "closed" in flags
    assert not flags & {"immediate", "online_throughout"}


def test_a_case_without_restarts_takes_the_short_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a case with a restart is replayed a second time, cycle by cycle; and the state
    comes from the one replay, not a second pass over the history."""
    import civicflow.compliance.facts as facts_module

    def boom(*args: object) -> object:
        raise AssertionError("a second pass was taken")

    case = hotline_case(1, *REPLIED_AND_CALLED_BACK)
    expected = co.case_facts(case, HOTLINE, D(2025, 9, 30), co.hotline_indicators())
    monkeypatch.setattr(facts_module, "cycles", boom)
    monkeypatch.setattr(facts_module, "state_at", boom)
    assert co.case_facts(case, HOTLINE, D(2025, 9, 30), co.hotline_indicators()) == expected


#: A desk of its own: the clock starts on open, restarts on again, stops on close.
RESTARTING = cf.Workflow(
    "restarting-desk",
    states=("new", "working", "done"),
    initial="new",
    terminal=("done",),
    transitions=(
        cf.Transition("again", ("new", "working"), None),
        cf.Transition("open", "new", "working"),
        cf.Transition("close", "working", "done"),
    ),
)
RESTARTING_POLICY = cf.Policy(
    "restarting",
    RESTARTING,
    [cf.Goal("handling", [cf.Limit("3个工作日")], start="open", stop="close", restart="again")],
)


@pytest.mark.parametrize(
    ("names", "restarted"),
    [
        (("open", "again", "close"), True),  # the restart directly after the start
        (("again", "open", "close"), False),  # a restart before the clock runs restarts nothing
        (("open", "close"), False),
    ],
)
def test_a_restart_is_counted_only_when_the_clock_ran_before_it(
    names: tuple[str, ...], restarted: bool
) -> None:
    case = cf.Case.open(RESTARTING, "R", D(2025, 9, 22, 9)).apply_all(
        cf.Event(str(k), name, D(2025, 9, 22, 10 + k)) for k, name in enumerate(names)
    )
    indicators = co.Indicators("handling")
    found = co.case_facts(case, RESTARTING_POLICY, D(2025, 9, 30), indicators)
    assert ("restarted" in found.flags) is restarted
    assert ("right_first_time" in found.flags) is not restarted
    assert ("first_due" in found.flags) is not restarted  # a restart ends a cycle unjudged
