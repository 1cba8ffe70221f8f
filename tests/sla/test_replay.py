"""Replaying a history: when each goal's clock started, paused, was extended, stopped."""

from __future__ import annotations

import datetime as dt

import civicflow as cf
from civicflow.sla.replay import (
    RESTART,
    START,
    STOP,
    Extension,
    Pause,
    Run,
    compile_actions,
    replay,
)

D = dt.datetime
T = cf.Transition

#: A small desk: a request waits (on hold) until taken, is worked, can be put on hold again,
#: extended, answered, reopened, or withdrawn.
WORKFLOW = cf.Workflow(
    "desk",
    states=("waiting", "working", "held", "answered", "withdrawn"),
    initial="waiting",
    terminal=("withdrawn",),
    transitions=(
        T("take", "waiting", "working"),
        T("hold", "working", "held"),
        T("resume", "held", "working"),
        T("note", ("waiting", "working", "held"), None),
        T("extend", ("working", "held"), None, extension=cf.ExtensionRule()),
        T("answer", ("working", "held"), "answered"),
        T("reopen", "answered", "working"),
        T("withdraw", ("waiting", "working", "held", "answered"), "withdrawn"),
    ),
)
#: Its clock runs from receipt (the initial state), waiting and held are on hold.
GOAL = cf.Goal(
    "reply",
    (cf.Limit(cf.WorkingDays(5)),),
    start="waiting",
    stop="answer",
    pause=("waiting", "held"),
    restart="reopen",
    cancel="withdraw",
    extend="extend",
)
RECEIVED = D(2025, 9, 22, 9, 0)
LATER = D(2025, 12, 1)


def run(*events: tuple[str, D] | tuple[str, D, str], at: D = LATER) -> tuple[Run, str]:
    case = cf.Case.open(WORKFLOW, "R", RECEIVED)
    case = case.apply_all(cf.Event(str(n), *e) for n, e in enumerate(events))
    return replay(GOAL, compile_actions(GOAL, WORKFLOW), case, RECEIVED, at, None)


def spans(timeline: list[Pause | Extension]) -> list[tuple[str, object, object, object]]:
    return [
        ("pause", p.start, p.end, p.state)
        if isinstance(p, Pause)
        else ("extend", p.at, p.amount, p.event.name)
        for p in timeline
    ]


def test_compiled_actions_are_the_bits_of_the_event_and_of_the_state_it_enters() -> None:
    actions = compile_actions(GOAL, WORKFLOW)
    assert actions["answer"] == (STOP, 0, "answered")
    assert actions["reopen"] == (RESTART, 0, "working")
    assert actions["note"] == (0, 0, None)  # changes no state
    assert actions["take"] == (0, 0, "working")
    entering_start = cf.Goal("g", (cf.Limit(cf.WorkingDays(1)),), start="working", stop="answer")
    assert compile_actions(entering_start, WORKFLOW)["take"] == (0, START, "working")
    assert compile_actions(entering_start, WORKFLOW)["resume"] == (0, START, "working")


def test_a_clock_started_in_the_initial_state_is_on_hold_from_receipt() -> None:
    replayed, state = run(("take", D(2025, 9, 23, 10)), ("answer", D(2025, 9, 24, 10)))
    assert state == "answered"
    assert (replayed.started, replayed.start_cause) == (RECEIVED, "received (state 'waiting')")
    assert (replayed.stopped, replayed.stop_cause) == (D(2025, 9, 24, 10), "answer")
    assert replayed.cancelled is None
    assert spans(replayed.timeline) == [("pause", RECEIVED, D(2025, 9, 23, 10), "waiting")]
    assert replayed.restarts == 0


def test_pauses_and_extensions_in_order_and_events_that_change_nothing() -> None:
    replayed, state = run(
        ("take", D(2025, 9, 22, 10)),
        ("note", D(2025, 9, 22, 11)),
        ("hold", D(2025, 9, 23, 10)),
        ("extend", D(2025, 9, 23, 11), "2个工作日"),
        ("note", D(2025, 9, 23, 12)),
        ("resume", D(2025, 9, 24, 10)),
        ("extend", D(2025, 9, 24, 11), "1个工作日"),
        ("hold", D(2025, 9, 25, 10)),
        at=D(2025, 9, 26, 10),
    )
    assert state == "held"
    assert replayed.stopped is None
    assert spans(replayed.timeline) == [
        ("pause", RECEIVED, D(2025, 9, 22, 10), "waiting"),
        ("pause", D(2025, 9, 23, 10), D(2025, 9, 24, 10), "held"),
        ("extend", D(2025, 9, 23, 11), cf.WorkingDays(2), "extend"),
        ("extend", D(2025, 9, 24, 11), cf.WorkingDays(1), "extend"),
        ("pause", D(2025, 9, 25, 10), None, "held"),  # still open at the instant
    ]


def test_events_after_the_instant_are_not_seen() -> None:
    replayed, state = run(
        ("take", D(2025, 9, 22, 10)), ("answer", D(2025, 9, 24, 10)), at=D(2025, 9, 23)
    )
    assert (state, replayed.stopped) == ("working", None)


def test_a_stop_closes_an_open_pause_and_later_events_do_not_move_it() -> None:
    replayed, _ = run(
        ("take", D(2025, 9, 22, 10)),
        ("hold", D(2025, 9, 23, 10)),
        ("answer", D(2025, 9, 24, 10)),
    )
    assert spans(replayed.timeline)[-1] == ("pause", D(2025, 9, 23, 10), D(2025, 9, 24, 10), "held")


def test_a_withdrawal_cancels_and_closes_the_pause() -> None:
    replayed, state = run(("withdraw", D(2025, 9, 22, 15)))
    assert state == "withdrawn"
    assert (replayed.cancelled, replayed.stop_cause, replayed.stopped) == (
        D(2025, 9, 22, 15),
        "withdraw",
        None,
    )
    assert spans(replayed.timeline) == [("pause", RECEIVED, D(2025, 9, 22, 15), "waiting")]


def test_every_restart_is_counted_and_the_clock_runs_from_the_last() -> None:
    replayed, state = run(
        ("take", D(2025, 9, 22, 10)),
        ("answer", D(2025, 9, 23, 10)),
        ("reopen", D(2025, 9, 24, 10)),
        ("hold", D(2025, 9, 24, 11)),
        ("answer", D(2025, 9, 25, 10)),
        ("reopen", D(2025, 9, 26, 10)),
    )
    assert state == "working"
    assert replayed.restarts == 2
    assert (replayed.started, replayed.start_cause) == (D(2025, 9, 26, 10), "reopen")
    assert (replayed.stopped, replayed.timeline) == (None, [])


def test_an_extension_of_another_goal_or_without_an_amount_is_not_this_goals() -> None:
    other = cf.Goal(
        "g", (cf.Limit(cf.WorkingDays(5)),), start="waiting", stop="answer", pause="held"
    )
    case = cf.Case.open(WORKFLOW, "R", RECEIVED).apply_all(
        [
            cf.Event("1", "take", D(2025, 9, 22, 10)),
            cf.Event("2", "extend", D(2025, 9, 22, 11), "2个工作日"),
        ]
    )
    replayed, _ = replay(
        other, compile_actions(other, WORKFLOW), case, RECEIVED, D(2025, 12, 1), None
    )
    assert replayed.timeline == []


def test_local_moments_are_used_for_aware_cases() -> None:
    zone = dt.timezone(dt.timedelta(hours=8))
    case = cf.Case.open(WORKFLOW, "R", RECEIVED.replace(tzinfo=zone)).apply(
        cf.Event("1", "take", D(2025, 9, 22, 10, tzinfo=zone))
    )
    moments = [D(2025, 9, 22, 10)]
    replayed, _ = replay(
        GOAL, compile_actions(GOAL, WORKFLOW), case, RECEIVED, D(2025, 12, 1, tzinfo=zone), moments
    )
    assert spans(replayed.timeline) == [("pause", RECEIVED, D(2025, 9, 22, 10), "waiting")]


def replay_goal(goal: cf.Goal, *events: tuple[str, D]) -> Run:
    case = cf.Case.open(WORKFLOW, "R", RECEIVED)
    case = case.apply_all(cf.Event(str(n), *e) for n, e in enumerate(events))
    return replay(goal, compile_actions(goal, WORKFLOW), case, RECEIVED, LATER, None)[0]


def desk_goal(**rules: str | tuple[str, ...]) -> cf.Goal:
    return cf.Goal("g", (cf.Limit(cf.WorkingDays(5)),), **rules)  # type: ignore[arg-type]


def test_restart_and_extension_belong_to_events_not_to_the_states_they_enter() -> None:
    goal = desk_goal(start="waiting", stop="answer", restart="working", extend="working")
    assert compile_actions(goal, WORKFLOW)["take"] == (0, 0, "working")


def test_a_clock_never_started_has_no_causes() -> None:
    assert replay_goal(desk_goal(start="take", stop="answer")) == Run()


def test_events_before_the_start_are_passed_over_until_the_start() -> None:
    goal = desk_goal(start="take", stop="answer")
    replayed = replay_goal(goal, ("note", D(2025, 9, 22, 10)), ("take", D(2025, 9, 22, 11)))
    assert (replayed.started, replayed.start_cause) == (D(2025, 9, 22, 11), "take")


def test_a_restart_while_running_counts_and_may_start_on_hold() -> None:
    goal = desk_goal(start="waiting", stop="answer", pause="held", restart="hold")
    replayed = replay_goal(
        goal,
        ("take", D(2025, 9, 22, 10)),
        ("hold", D(2025, 9, 23, 10)),
        ("resume", D(2025, 9, 24, 10)),
        ("hold", D(2025, 9, 25, 10)),
    )
    assert (replayed.started, replayed.start_cause) == (D(2025, 9, 25, 10), "hold")
    assert replayed.restarts == 2
    assert spans(replayed.timeline) == [("pause", D(2025, 9, 25, 10), None, "held")]


def test_a_cancelled_clock_is_not_stopped_by_later_events() -> None:
    goal = desk_goal(start="waiting", stop="answer", cancel="hold")
    replayed = replay_goal(
        goal,
        ("take", D(2025, 9, 22, 10)),
        ("hold", D(2025, 9, 23, 10)),
        ("resume", D(2025, 9, 24, 10)),
        ("answer", D(2025, 9, 25, 10)),
    )
    assert (replayed.cancelled, replayed.stopped, replayed.stop_cause) == (
        D(2025, 9, 23, 10),
        None,
        "hold",
    )


def test_a_stop_into_a_paused_state_opens_no_pause() -> None:
    goal = desk_goal(start="waiting", stop="hold", pause=("waiting", "held"))
    replayed = replay_goal(goal, ("take", D(2025, 9, 22, 10)), ("hold", D(2025, 9, 23, 10)))
    assert replayed.stopped == D(2025, 9, 23, 10)
    assert spans(replayed.timeline) == [("pause", RECEIVED, D(2025, 9, 22, 10), "waiting")]


def test_events_after_a_stop_are_read_on_to_a_restart() -> None:
    hotline = cf.hotline_policy()
    goal = hotline.goal("handling")
    start = D(2025, 9, 22, 10)
    later = [
        ("dispatch", start), ("sign_for", start), ("start", start),
        ("reply", D(2025, 9, 23, 10)), ("call_back", D(2025, 9, 24, 10)),
        ("reopen", D(2025, 9, 24, 11)),
    ]  # fmt: skip
    case = cf.Case.open(hotline.workflow, "H", RECEIVED, type="投诉").apply_all(
        cf.Event(str(n), *e) for n, e in enumerate(later)
    )
    replayed, state = replay(
        goal, compile_actions(goal, hotline.workflow), case, RECEIVED, LATER, None
    )
    assert (state, replayed.restarts, replayed.started) == ("in_progress", 1, D(2025, 9, 24, 11))
    assert replayed.stopped is None
