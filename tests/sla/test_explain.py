"""Explanations of a goal's clock: the segments, the reckoning, the verdict."""

import datetime as dt

import attrs
import pytest

import civicflow as cf
from tests.sla.clocks import UNCAPPED, WORKFLOW, in_progress, paused, policy_with

D = dt.datetime


def test_explanation_text() -> None:
    case = in_progress(D(2025, 9, 26, 15))
    case = paused(case, D(2025, 9, 26, 16), D(2025, 9, 28, 10))
    text = str(
        cf.explain_goal(case, policy_with(cf.WorkingHours(4)), "handling", D(2025, 9, 28, 10))
    )
    assert text.splitlines()[2:] == [
        "running   2025-09-26 15:00 Fri -> 2025-09-26 16:00 Fri  started on dispatch (派单)",
        "          counts 1h00 of working time",
        "paused    2025-09-26 16:00 Fri -> 2025-09-28 10:00 Sun  in state '已挂起'",
        "          gives back 2h30 of working time",
        "          off 2025-09-27: weekend",
        "deadline  2025-09-28 14:30 Sun: 4 working hours from 2025-09-26 15:00 Fri + 2h30 of "
        "working time given back by pauses",
        "state     running, 3h00 of working time left, yellow card",
    ]


def case_on(workflow: cf.Workflow, start: dt.datetime, *events: tuple[object, ...]) -> cf.Case:
    case = cf.Case.open(workflow, "T", start).apply_all(
        [
            cf.Event("1", "dispatch", start),
            cf.Event("2", "sign_for", start),
            cf.Event("3", "start", start),
        ]
    )
    return case.apply_all([cf.Event(f"e{n}", *e) for n, e in enumerate(events)])  # type: ignore[arg-type]


# Whole explanations, checked by hand against the 2025 notice (28 Sep and 11 Oct were worked).
SCENARIOS = [
    (
        cf.WorkingDays(3),
        UNCAPPED,
        D(2025, 9, 26, 10),
        [
            ("suspend", D(2025, 9, 29, 10)),
            ("resume", D(2025, 10, 9, 10)),
            ("request_extension", D(2025, 10, 9, 11)),
            ("approve_extension", D(2025, 10, 9, 12), "2个工作日"),
            ("request_extension", D(2025, 10, 30, 11)),
            ("approve_extension", D(2025, 10, 30, 12), "1个工作日"),
            ("suspend", D(2025, 10, 30, 13)),
        ],
        D(2025, 10, 31, 10),
        (
            "case      T\n"
            "goal      handling: statutory limit 3 working days (3个工作日)\n"
            "running   2025-09-26 10:00 Fri -> 2025-09-29 10:00 Mon  started on dispatch (派单)\n"
            "          counts 14h00 of working time\n"
            "          off 2025-09-27: weekend\n"
            "paused    2025-09-29 10:00 Mon -> 2025-10-09 10:00 Thu  in state '已挂起'\n"
            "          gives back 2 working day(s) (the working days that started while on hold)\n"
            "          off 2025-10-01..2025-10-03: statutory holiday (国庆节)\n"
            "          off 2025-10-04..2025-10-05: rest day of the break (国庆节)\n"
            "          off 2025-10-06: statutory holiday (中秋节)\n"
            "          off 2025-10-07..2025-10-08: rest day swapped, 调休 (国庆节)\n"
            "running   2025-10-09 10:00 Thu -> 2025-10-30 13:00 Thu  resumed\n"
            "          counts 114h00 of working time\n"
            "          off 2025-10-12: weekend\n"
            "          off 2025-10-18..2025-10-19: weekend\n"
            "          off 2025-10-25..2025-10-26: weekend\n"
            "paused    2025-10-30 13:00 Thu -> 2025-10-31 10:00 Fri  in state '已挂起'\n"
            "          began after the deadline: gives nothing back\n"
            "note      approve_extension at 2025-10-09 12:00 Thu extended the limit by 2 working days\n"
            "note      approve_extension at 2025-10-30 12:00 Thu came after the deadline: its 1 working day was not applied\n"
            "deadline  2025-10-13 17:30 Mon: 3 working days from 2025-09-26 10:00 Fri + 2 working day(s) given back by pauses + 2 working days of extension\n"
            "state     breached, 92h00 of working time over, red card, severely overdue"
        ),
    ),
    (
        cf.CalendarDays(5),
        WORKFLOW,
        D(2025, 9, 22, 10),
        [("reply", D(2025, 9, 24, 10))],
        D(2025, 10, 1),
        (
            "case      T\n"
            "goal      handling: statutory limit 5 days (5个自然日)\n"
            "running   2025-09-22 10:00 Mon -> 2025-09-24 10:00 Wed  started on dispatch (派单)\n"
            "          counts 48h00 of elapsed time\n"
            "note      stopped on reply (办理反馈)\n"
            "deadline  2025-09-28 17:30 Sun: 5 days from 2025-09-22 10:00 Mon\n"
            "state     met at 2025-09-24 10:00 Wed, 103h30 of elapsed time left"
        ),
    ),
    (
        cf.ClockTime(48),
        WORKFLOW,
        D(2025, 9, 22, 10),
        [
            ("reply", D(2025, 9, 23, 10)),
            ("call_back", D(2025, 9, 23, 11)),
            ("reopen", D(2025, 9, 23, 12)),
        ],
        D(2025, 9, 24, 12),
        (
            "case      T\n"
            "goal      handling: statutory limit 48 hours (48小时)\n"
            "running   2025-09-23 12:00 Tue -> 2025-09-24 12:00 Wed  started on reopen (重办)\n"
            "          counts 24h00 of elapsed time\n"
            "note      the clock was restarted 1 time(s); this is its last run\n"
            "deadline  2025-09-25 12:00 Thu: 48 hours from 2025-09-23 12:00 Tue\n"
            "state     running, 24h00 of elapsed time left, yellow card"
        ),
    ),
]


@pytest.mark.parametrize(("limit", "workflow", "start", "events", "at", "text"), SCENARIOS)
def test_whole_explanations(
    limit: cf.Duration, workflow: cf.Workflow, start: dt.datetime, events: list[tuple[object, ...]],
    at: dt.datetime, text: str,
) -> None:  # fmt: skip
    policy = attrs.evolve(policy_with(limit), workflow=workflow)
    explained = cf.explain_goal(case_on(workflow, start, *events), policy, "handling", at)
    assert str(explained) == text


def test_a_goal_not_started_says_so() -> None:
    case = cf.Case.open(WORKFLOW, "N", D(2025, 9, 22, 9))
    explained = cf.explain_goal(case, policy_with(cf.WorkingDays(15)), "handling", D(2025, 9, 23))
    assert (explained.case_id, explained.goal.name, explained.status.state) == (
        "N", "handling", cf.ClockState.NOT_STARTED,
    )  # fmt: skip
    assert (explained.segments, explained.notes, explained.reckoning) == ((), (), "15 working days")
    assert str(explained) == (
        "case      N\ngoal      handling: statutory limit 15 working days (15个工作日)\n"
        "state     not started"
    )


def test_a_goal_or_a_target_the_case_lacks_is_named() -> None:
    case = in_progress(D(2025, 9, 22, 10))
    policy = policy_with(cf.WorkingDays(15))
    with pytest.raises(KeyError) as info:
        cf.explain_goal(case, policy, "handling", D(2025, 9, 23), target="promised")
    assert info.value.args[0] == "goal 'handling' has no promised limit for case 'T'"
    with pytest.raises(KeyError, match="has no goal 'signing'"):
        cf.explain_goal(case, policy, "signing", D(2025, 9, 23))


def test_the_calendar_and_the_day_end_given_are_the_ones_explained() -> None:
    start = D(2025, 9, 22, 10)
    case = in_progress(start)
    typhoon = cf.china_calendar().with_days_off({dt.date(2025, 9, 23): "台风"})
    policy = policy_with(cf.WorkingDays(1))
    explained = cf.explain_goal(case, policy, "handling", D(2025, 9, 22, 12), typhoon)
    assert (
        explained.status.deadline
        == cf.deadline(start, "1个工作日", typhoon)
        == D(2025, 9, 24, 17, 30)
    )
    midnight = attrs.evolve(policy, day_end="midnight")
    at_midnight = cf.explain_goal(case, midnight, "handling", D(2025, 9, 22, 12))
    assert at_midnight.status.deadline == D(2025, 9, 24, 0, 0)
    assert str(at_midnight).splitlines()[-2].startswith("deadline  2025-09-24 00:00 Wed: ")


def test_an_aware_case_is_explained_in_local_time_and_answers_aware() -> None:
    zone = dt.timezone(dt.timedelta(hours=8))
    start = D(2025, 9, 26, 15, tzinfo=zone)
    case = cf.Case.open(WORKFLOW, "Z", start).apply_all(
        [cf.Event("1", "dispatch", start), cf.Event("2", "sign_for", start), cf.Event("3", "start", start),
         cf.Event("4", "suspend", D(2025, 9, 26, 16, tzinfo=zone)),
         cf.Event("5", "resume", D(2025, 9, 28, 10, tzinfo=zone))]
    )  # fmt: skip
    explained = cf.explain_goal(
        case, policy_with(cf.WorkingHours(4)), "handling", D(2025, 9, 28, 2, tzinfo=dt.UTC)
    )
    assert [(s.kind, s.start, s.end) for s in explained.segments] == [
        ("running", D(2025, 9, 26, 15), D(2025, 9, 26, 16)),
        ("paused", D(2025, 9, 26, 16), D(2025, 9, 28, 10)),
    ]
    assert explained.status.deadline == D(2025, 9, 28, 14, 30, tzinfo=zone)


def test_the_heading_the_promise_and_what_is_not_known_yet() -> None:
    policy = cf.hotline_policy(promised="2个工作日")
    start = D(2026, 12, 28, 10)
    case = cf.Case.open(policy.workflow, "H", start, type="投诉").apply_all(
        [cf.Event("1", "dispatch", start), cf.Event("2", "sign_for", start)]
    )
    promised = str(cf.explain_goal(case, policy, "handling", D(2026, 12, 29), target="promised"))
    assert (
        promised.splitlines()[1]
        == "goal      handling (办理): promised limit 2 working days (2个工作日)"
    )
    statutory = str(cf.explain_goal(case, policy, "handling", D(2026, 12, 29))).splitlines()
    assert statutory[1] == "goal      handling (办理): statutory limit 15 working days (15个工作日)"
    assert statutory[-2] == "deadline  unknown: 15 working days from 2026-12-28 10:00 Mon"
    assert statutory[-1] == "state     running"
    provisional = str(
        cf.explain_goal(
            case, policy, "handling", D(2026, 12, 29), cf.china_calendar().with_provisional(2027)
        )
    ).splitlines()
    assert provisional[-1] == (
        "PROVISIONAL: the clock runs into a year with no holiday notice yet (holidays by the law "
        "alone, no make-up days); the deadline may move when the notice is out"
    )


def test_pauses_from_the_start_and_within_one_day_of_an_elapsed_time_clock() -> None:
    # 48 hours from Friday 15:00, on hold at once until Saturday 10:00 (19 hours given back)
    # and again for an hour on Saturday: due on Monday at 11:00.
    start = D(2025, 9, 26, 15)
    case = in_progress(start).apply_all(
        [
            cf.Event("p", "suspend", start),
            cf.Event("r", "resume", D(2025, 9, 27, 10)),
            cf.Event("q", "suspend", D(2025, 9, 27, 11)),
            cf.Event("s", "resume", D(2025, 9, 27, 12)),
        ]
    )
    explained = cf.explain_goal(case, policy_with(cf.ClockTime(48)), "handling", D(2025, 9, 28, 10))
    assert str(explained).splitlines()[2:] == [
        "paused    2025-09-26 15:00 Fri -> 2025-09-27 10:00 Sat  in state '已挂起'",
        "          gives back 19h00 of elapsed time",
        "          off 2025-09-27: weekend",
        "running   2025-09-27 10:00 Sat -> 2025-09-27 11:00 Sat  resumed",
        "          counts 1h00 of elapsed time",
        "          off 2025-09-27: weekend",
        "paused    2025-09-27 11:00 Sat -> 2025-09-27 12:00 Sat  in state '已挂起'",
        "          gives back 1h00 of elapsed time",
        "          off 2025-09-27: weekend",
        "running   2025-09-27 12:00 Sat -> 2025-09-28 10:00 Sun  resumed",
        "          counts 22h00 of elapsed time",
        "          off 2025-09-27: weekend",
        "deadline  2025-09-29 11:00 Mon: 48 hours from 2025-09-26 15:00 Fri + 20h00 of elapsed "
        "time given back by pauses",
        "state     running, 25h00 of elapsed time left",
    ]
    assert [s.counted for s in explained.segments] == [
        dt.timedelta(hours=19), dt.timedelta(hours=1), dt.timedelta(hours=1),
        dt.timedelta(hours=22),
    ]  # fmt: skip


def test_a_clock_from_receipt_cancelled_on_an_event_without_a_label() -> None:
    from tests.sla.test_replay import GOAL, RECEIVED
    from tests.sla.test_replay import WORKFLOW as DESK

    case = cf.Case.open(DESK, "R", RECEIVED).apply_all(
        [cf.Event("1", "take", D(2025, 9, 22, 10)), cf.Event("2", "withdraw", D(2025, 9, 23, 10))]
    )
    explained = cf.explain_goal(case, cf.Policy("desk", DESK, (GOAL,)), "reply", D(2025, 9, 24))
    assert explained.status.started == RECEIVED
    assert explained.notes == ("cancelled on withdraw",)
    assert str(explained).splitlines()[2] == (
        "paused    2025-09-22 09:00 Mon -> 2025-09-22 10:00 Mon  in state 'waiting'"
    )


def test_a_clock_past_the_data_says_how_to_see_all_of_it() -> None:
    from tests.sla.test_status import OPENED, YEAR_END, december

    explained = cf.explain_goal(december(*OPENED), YEAR_END, "handling", D(2027, 1, 8, 10))
    assert explained.case_id == "Y"
    assert explained.notes == (
        "the clock runs past the end of the calendar's holiday data (deadline not known until "
        "the 2027 notice is loaded); load the notice (civicflow calendar import, --arrangement) "
        "or count the years after the data provisionally (--provisional-through) to see every "
        "segment",
    )


def test_a_clock_without_pauses_gives_nothing_back() -> None:
    case = in_progress(D(2025, 9, 22, 10))
    explained = cf.explain_goal(
        case, policy_with(cf.WorkingDays(1)), "handling", D(2025, 9, 22, 12)
    )
    assert explained.reckoning == "1 working day from 2025-09-22 10:00 Mon"
