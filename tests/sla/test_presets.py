"""Hand-checked scenarios of every preset policy."""

import datetime as dt

import civicflow as cf

D = dt.datetime


WORKFLOW = cf.hotline_workflow()


def handling(case: cf.Case, policy: cf.Policy, at: dt.datetime) -> cf.GoalStatus:
    return cf.evaluate(case, policy, at).goal("handling")


HOTLINE = cf.hotline_policy()


URBAN = cf.urban_policy()


# -- scenarios, one per preset, hand-checked -----------------------------------------------


def test_hotline_complaint_suspended_over_the_spring_festival() -> None:
    case = cf.Case.open(WORKFLOW, "H", D(2026, 2, 10, 10), type="投诉").apply_all(
        [
            cf.Event("1", "dispatch", D(2026, 2, 10, 10, 30)),
            cf.Event("2", "sign_for", D(2026, 2, 10, 14)),
            cf.Event("3", "start", D(2026, 2, 11, 9)),
            cf.Event("4", "suspend", D(2026, 2, 12, 15)),
            cf.Event("5", "resume", D(2026, 2, 25, 9, 30)),
            cf.Event("6", "approve_extension", D(2026, 3, 2, 10), extension="5个工作日"),
        ]
    )
    during = cf.evaluate(case, HOTLINE, D(2026, 2, 20, 12)).goal("handling")
    assert during.state is cf.ClockState.PAUSED
    # 15 working days + 2 that started on hold so far (02-13, the make-up Saturday 02-14).
    assert during.deadline == D(2026, 3, 11, 17, 30)
    now = cf.evaluate(case, HOTLINE, D(2026, 3, 19, 18)).goal("handling")
    # + 4 given back (02-13, 02-14, 02-24, 02-25) + 5 of extension = 24 working days.
    assert now.deadline == D(2026, 3, 20, 17, 30)
    assert now.card is cf.Card.YELLOW
    assert now.extensions == (cf.WorkingDays(5),)
    late = cf.evaluate(case, HOTLINE, D(2026, 3, 23, 12)).goal("handling")
    assert late.state is cf.ClockState.BREACHED
    assert late.overdue == dt.timedelta(hours=3)
    sign_for = cf.evaluate(case, HOTLINE, D(2026, 3, 23, 12)).goal("sign-for")
    assert sign_for.state is cf.ClockState.MET
    assert sign_for.deadline == D(2026, 2, 11, 17, 30)


def test_hotline_urgent_sign_for_is_clock_time() -> None:
    case = cf.Case.open(WORKFLOW, "H", D(2025, 10, 4, 23, 40), urgency="urgent")
    case = case.apply(cf.Event("1", "dispatch", D(2025, 10, 4, 23, 50)))
    status = cf.evaluate(case, HOTLINE, D(2025, 10, 5, 0, 30)).goal("sign-for")
    assert status.deadline == D(2025, 10, 5, 0, 20)
    assert status.state is cf.ClockState.BREACHED
    assert status.overdue == dt.timedelta(minutes=10)


def test_urban_exposed_garbage_parked_and_reworked() -> None:
    case = cf.Case.open(URBAN.workflow, "U", D(2025, 9, 26, 14), category="暴露垃圾")
    case = case.apply_all(
        [
            cf.Event("1", "file", D(2025, 9, 26, 14, 30)),
            cf.Event("2", "dispatch", D(2025, 9, 26, 15)),
        ]
    )
    # 4 working hours from Friday 15:00: 2h30 on Friday, 1h30 on the make-up Sunday.
    assert cf.evaluate(case, URBAN, D(2025, 9, 26, 16)).goal("handling").deadline == D(
        2025, 9, 28, 10, 30
    )
    case = case.apply(cf.Event("3", "park", D(2025, 9, 26, 16)))
    parked = cf.evaluate(case, URBAN, D(2025, 10, 20)).goal("handling")
    assert parked.state is cf.ClockState.CANCELLED
    case = case.apply_all(
        [
            cf.Event("4", "unpark", D(2025, 10, 20, 9)),
            cf.Event("5", "feed_back", D(2025, 10, 20, 12)),
        ]
    )
    assert cf.evaluate(case, URBAN, D(2025, 10, 20, 12)).goal("handling").state is cf.ClockState.MET
    case = case.apply(cf.Event("6", "rework", D(2025, 10, 20, 15)))
    again = cf.evaluate(case, URBAN, D(2025, 10, 20, 16)).goal("handling")
    assert again.state is cf.ClockState.RUNNING
    assert again.deadline == D(2025, 10, 21, 10, 30)  # 2h30 on Monday, 1h30 on Tuesday


def test_licence_supplement_and_expert_review() -> None:
    policy = cf.licence_policy(promised="10个工作日")
    case = cf.Case.open(policy.workflow, "L", D(2025, 1, 20, 10)).apply_all(
        [
            cf.Event("1", "request_supplement", D(2025, 1, 21, 11)),
            cf.Event("2", "materials_received", D(2025, 2, 5, 10)),
        ]
    )
    ev = cf.evaluate(case, policy, D(2025, 2, 6))
    # Acceptance: 5 working days from 01-20 end on the make-up Sunday 01-26.
    assert ev.goal("acceptance").deadline == D(2025, 1, 26, 17, 30)
    assert ev.goal("acceptance").state is cf.ClockState.MET
    # The decision clock restarts with the materials: counting begins the next day.
    # 02-06, 02-07, 02-08 (make-up Saturday), then 17 more: 2025-03-04.
    assert ev.goal("decision").deadline == D(2025, 3, 4, 17, 30)
    assert ev.goal("decision", "promised").deadline == D(2025, 2, 18, 17, 30)
    case = case.apply_all(
        [
            cf.Event("3", "start_expert_review", D(2025, 2, 10, 9)),
            cf.Event("4", "end_expert_review", D(2025, 2, 14, 17, 30)),
            cf.Event("5", "extend", D(2025, 3, 3, 9), extension="10个工作日"),
        ]
    )
    # Expert review 02-10..02-14 is not counted (5 days), then one extension of 10.
    decision = cf.evaluate(case, policy, D(2025, 3, 3, 10)).goal("decision")
    assert decision.deadline == D(2025, 3, 25, 17, 30)
    assert decision.state is cf.ClockState.RUNNING
    case = case.apply_all(
        [cf.Event("6", "decide", D(2025, 3, 20, 10)), cf.Event("7", "deliver", D(2025, 4, 7, 9))]
    )
    done = cf.evaluate(case, policy, D(2025, 4, 30))
    assert done.goal("decision").state is cf.ClockState.MET
    assert done.goal("decision", "promised").state is cf.ClockState.BREACHED
    # Delivery: 10 working days from 03-20 end on 04-03 (04-04 is Qingming).
    assert done.goal("delivery").deadline == D(2025, 4, 3, 17, 30)
    assert done.goal("delivery").state is cf.ClockState.BREACHED


def test_rating_rectification_over_national_day() -> None:
    policy = cf.rating_policy(days="5个工作日")
    case = cf.Case.open(policy.workflow, "R", D(2026, 9, 30, 10))
    status = cf.evaluate(case, policy, D(2026, 10, 9, 9)).goal("rectification")
    # 10-01..10-07 off; 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13.
    assert status.deadline == D(2026, 10, 13, 17, 30)
    voided = case.apply(cf.Event("1", "void", D(2026, 10, 9, 10)))
    assert cf.evaluate(voided, policy, D(2026, 11, 1)).goal("rectification").state is (
        cf.ClockState.CANCELLED
    )
