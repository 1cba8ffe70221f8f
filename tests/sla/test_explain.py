"""Explanations of a goal's clock: the segments, the reckoning, the verdict."""

import datetime as dt

import civicflow as cf

D = dt.datetime


WORKFLOW = cf.hotline_workflow()


def policy_with(limit: cf.Duration, **warnings: object) -> cf.Policy:
    """The hotline workflow with a single goal: handling from dispatch to reply."""
    goal = cf.Goal(
        "handling",
        (cf.Limit(limit),),
        start="dispatch",
        stop="reply",
        pause="suspended",
        restart="reopen",
        extend="approve_extension",
    )
    return cf.Policy("test", WORKFLOW, (goal,), cf.Warnings(**warnings))  # type: ignore[arg-type]


def in_progress(start: dt.datetime) -> cf.Case:
    return cf.Case.open(WORKFLOW, "T", start).apply_all(
        [
            cf.Event("1", "dispatch", start),
            cf.Event("2", "sign_for", start),
            cf.Event("3", "start", start),
        ]
    )


def paused(case: cf.Case, a: dt.datetime, b: dt.datetime) -> cf.Case:
    return case.apply_all([cf.Event("p", "suspend", a), cf.Event("r", "resume", b)])


def handling(case: cf.Case, policy: cf.Policy, at: dt.datetime) -> cf.GoalStatus:
    return cf.evaluate(case, policy, at).goal("handling")


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
        "state     running, 3h00 left, yellow card",
    ]
