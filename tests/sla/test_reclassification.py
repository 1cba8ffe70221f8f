"""Reclassification (改类): the limit is re-chosen, the clock keeps its start and its time on hold,
and a verdict already given stands."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfst

D = dt.datetime
HOTLINE = cf.hotline_policy()
URBAN = cf.urban_policy()
KINDS = ("咨询", "求助", "投诉", "其他")
CATEGORIES = ("暴露垃圾", "道路不洁", "井盖缺失", "其他")


def _events(events: tuple[tuple[object, ...], ...]) -> list[cf.Event]:
    """Events numbered in order, each ``(name, at)`` or ``(name, at, changes)``."""
    return [
        cf.Event(str(n), *e[:2], changes=e[2] if len(e) > 2 else {})  # type: ignore[arg-type]
        for n, e in enumerate(events)
    ]


def order(kind: str, *events: tuple[object, ...], urgency: str = "normal") -> cf.Case:
    """A hotline order received at 09:00 on Monday 1 September 2025, with its events."""
    case = cf.Case.open(HOTLINE.workflow, "H", D(2025, 9, 1, 9), type=kind, urgency=urgency)
    return case.apply_all(_events(events))


def garbage(*events: tuple[object, ...]) -> cf.Case:
    """A report of exposed garbage (暴露垃圾) at 09:00 on Monday 1 September 2025."""
    case = cf.Case.open(URBAN.workflow, "U", D(2025, 9, 1, 9), category="暴露垃圾")
    return case.apply_all(_events(events))


def consultation_made_complaint() -> cf.Case:
    """A 咨询 order, on hold over the National Day holidays, then found to be a 投诉."""
    return cf.Case.open(HOTLINE.workflow, "H-9", D(2025, 9, 29, 9), type="咨询").apply_all(
        cf.Event(str(n), name, at, changes=changes)
        for n, (name, at, changes) in enumerate(
            [("dispatch", D(2025, 9, 29, 9, 30), {}), ("sign_for", D(2025, 9, 29, 10), {}),
             ("start", D(2025, 9, 29, 11), {}), ("suspend", D(2025, 9, 29, 14), {}),
             ("resume", D(2025, 10, 9, 9), {}),
             ("reclassify", D(2025, 10, 9, 10), {"type": "投诉"})]
        )
    )  # fmt: skip


def test_a_reclassification_rechooses_the_limit_from_the_same_start() -> None:
    case = consultation_made_complaint()
    assert (case.type, case.received_as) == ("投诉", (("type", "咨询"),))
    assert case.classification_at(D(2025, 10, 9, 9, 59)) == ("咨询", "", "normal")
    # Before the reclassification: 2 working days from 09:30 on 29 September (Tue 30 and
    # Thu 9 October, the holidays between), one more given back for the hold that covered
    # 30 September: due at the end of Friday 10 October.
    before = cf.evaluate(case, HOTLINE, D(2025, 10, 9, 9, 30)).goal("handling")
    assert (before.limit, before.deadline) == (cf.WorkingDays(2), D(2025, 10, 10, 17, 30))
    # After it: 15 working days from the same start (the 15th is Monday 27 October, with
    # Saturday 11 October a make-up working day), and the same day given back: 28 October.
    after = cf.evaluate(case, HOTLINE, D(2025, 10, 10, 9)).goal("handling")
    assert (after.limit, after.started) == (cf.WorkingDays(15), D(2025, 9, 29, 9, 30))
    assert after.deadline == D(2025, 10, 28, 17, 30)
    text = str(cf.explain_goal(case, HOTLINE, "handling", D(2025, 10, 10, 9)))
    assert (
        "reclassify (改类) at 2025-10-09 10:00 Thu changed type 咨询 -> 投诉: limit 2 working "
        "days -> 15 working days, counted from the same start with the time on hold kept"
    ) in text
    assert "15 working days from 2025-09-29 09:30 Mon + 1 working day(s) given back" in text


def test_a_shorter_limit_can_make_a_case_overdue_at_once() -> None:
    case = order(
        "投诉",
        ("dispatch", D(2025, 9, 1, 9)),
        ("sign_for", D(2025, 9, 1, 10)),
        ("reclassify", D(2025, 9, 5, 9), {"type": "咨询"}),
    )  # fmt: skip
    before = cf.evaluate(case, HOTLINE, D(2025, 9, 5, 8)).goal("handling")
    assert before.state is cf.ClockState.RUNNING
    now = cf.evaluate(case, HOTLINE, D(2025, 9, 5, 9)).goal("handling")
    # 2 working days from Monday 09:00: due at the end of Wednesday 3 September.
    assert (now.state, now.deadline) == (cf.ClockState.BREACHED, D(2025, 9, 3, 17, 30))
    assert now.breached_at == D(2025, 9, 3, 17, 30)


def test_a_verdict_given_before_a_reclassification_stands() -> None:
    # Signed for after three hours: on time for a normal order (1 working day). Made urgent
    # afterwards (30 minutes to sign for), the sign-for verdict stands on the limit it had.
    case = order(
        "求助",
        ("dispatch", D(2025, 9, 1, 9)),
        ("sign_for", D(2025, 9, 1, 12)),
        ("reclassify", D(2025, 9, 1, 13), {"urgency": "urgent"}),
        ("reclassify", D(2025, 9, 1, 14), {"type": "投诉"}),
    )  # fmt: skip
    sign_for = cf.evaluate(case, HOTLINE, D(2025, 9, 2)).goal("sign-for")
    assert (sign_for.state, sign_for.limit) == (cf.ClockState.MET, cf.WorkingDays(1))
    [cycle] = cf.cycles(case, HOTLINE, "sign-for", D(2025, 9, 2))
    assert cycle == sign_for
    text = str(cf.explain_goal(case, HOTLINE, "sign-for", D(2025, 9, 2)))
    assert (
        "reclassify (改类) at 2025-09-01 13:00 Mon changed urgency normal -> urgent after the "
        "clock stopped: the verdict stands on the limit it was given"
    ) in text
    assert "changed type 求助 -> 投诉 after the clock stopped" in text


def test_an_earlier_cycle_keeps_the_limit_of_its_time() -> None:
    # Reported as 暴露垃圾 (4 working hours), fed back, reworked, then found to be a missing
    # manhole cover (井盖缺失, 2 hours): the first cycle keeps its 4 hours.
    case = garbage(
        ("file", D(2025, 9, 1, 9, 30)),
        ("dispatch", D(2025, 9, 1, 10)),
        ("feed_back", D(2025, 9, 1, 13)),
        ("rework", D(2025, 9, 1, 14)),
        ("reclassify", D(2025, 9, 1, 14, 5), {"category": "井盖缺失"}),
    )
    limits = {
        c: URBAN.goal("handling").limit_classified("", c, "normal")
        for c in ("暴露垃圾", "井盖缺失")
    }
    assert limits["暴露垃圾"] != limits["井盖缺失"]
    first, second = cf.cycles(case, URBAN, "handling", D(2025, 9, 2, 9))
    assert limits["暴露垃圾"] is not None
    assert limits["井盖缺失"] is not None
    assert (first.state, first.limit) == (cf.ClockState.MET, limits["暴露垃圾"].limit)
    assert second.limit == limits["井盖缺失"].limit
    assert second.started == D(2025, 9, 1, 14)


def test_a_reclassification_is_refused_without_changes_or_outside_its_transition() -> None:
    case = order("咨询")
    with pytest.raises(cf.CaseError, match="reclassifies the case: give 'changes'"):
        case.apply(cf.Event("1", "reclassify", D(2025, 9, 1, 10)))
    with pytest.raises(cf.CaseError, match="does not reclassify the case"):
        case.apply(cf.Event("1", "dispatch", D(2025, 9, 1, 10), changes={"type": "投诉"}))
    with pytest.raises(ValueError, match="changes type, category, urgency, not 'grid'"):
        cf.Event("1", "reclassify", D(2025, 9, 1, 10), changes={"grid": "A"})


def _without_reclassification(case: cf.Case) -> cf.Case:
    """The same case, received as it is classified now, with no reclassification event."""
    return cf.Case.open(
        case.workflow, case.id, case.received, type=case.type, category=case.category,
        urgency=case.urgency, channel=case.channel, fields=dict(case.fields),
    ).apply_all(e for e in case.history if not e.changes)  # fmt: skip


@pytest.mark.parametrize(
    ("policy", "extra"),
    [
        (HOTLINE, {"types": KINDS, "urgencies": ("normal", "urgent")}),
        (URBAN, {"categories": CATEGORIES, "urgencies": ("normal", "urgent")}),
    ],
    ids=["hotline", "urban"],
)
@given(data=st.data())
def test_an_open_clock_runs_as_if_received_as_reclassified(
    policy: cf.Policy, extra: dict[str, tuple[str, ...]], data: st.DataObject
) -> None:
    """The law of 改类: a clock still open counts the new limit from its own start, with all
    the time it spent on hold, exactly as if the case had been received so."""
    case = data.draw(cfst.cases(policy.workflow, max_events=16, **extra))  # type: ignore[arg-type]
    at = case.last_moment + dt.timedelta(hours=data.draw(st.integers(0, 400)))
    plain = cf.evaluate(_without_reclassification(case), policy, at)
    for status in cf.evaluate(case, policy, at).goals:
        still_open = status.stopped is None and status.state is not cf.ClockState.CANCELLED
        if still_open and not _late(case, policy, status.goal, status.target):
            assert status == plain.goal(status.goal, status.target)


def _late(case: cf.Case, policy: cf.Policy, goal: str, target: cf.Target) -> bool:
    """Whether a reclassification came when the goal's clock had already breached, as the
    case stood just before it."""
    for n, event in enumerate(case.history):
        if not event.changes:
            continue
        kind, category, urgency = case.classification_after(0)
        before = cf.Case.open(
            case.workflow, case.id, case.received, type=kind, category=category,
            urgency=urgency, channel=case.channel,
        ).apply_all(case.history[:n])  # fmt: skip
        try:
            status = cf.evaluate(before, policy, event.at).goal(goal, target)
        except KeyError:  # the goal did not apply then
            continue
        if status.state is cf.ClockState.BREACHED:
            return True
    return False


@pytest.mark.parametrize(
    ("policy", "extra"),
    [
        (HOTLINE, {"types": KINDS, "urgencies": ("normal", "urgent")}),
        (URBAN, {"categories": CATEGORIES, "urgencies": ("normal", "urgent")}),
    ],
    ids=["hotline", "urban"],
)
@settings(max_examples=200)
@given(data=st.data())
def test_a_breach_stands_whatever_the_case_is_reclassified_to(
    policy: cf.Policy, extra: dict[str, tuple[str, ...]], data: st.DataObject
) -> None:
    """Once breached, always breached: no reclassification after the breach undoes it."""
    case = data.draw(cfst.cases(policy.workflow, max_events=16, **extra))  # type: ignore[arg-type]
    # Just before a reclassification, if there is one; then any time after it.
    changes = [e.at for e in case.history if e.changes]
    moments = changes or sorted({case.received, *(e.at for e in case.history)})
    a = max(case.received, data.draw(st.sampled_from(moments)) - dt.timedelta(minutes=1))
    b = a + dt.timedelta(minutes=1, hours=data.draw(st.integers(0, 400)))
    for s in cf.evaluate(case, policy, a).goals:
        goal = policy.goal(s.goal)
        ended = goal.restart | goal.cancel  # a new cycle, or out of the base (挂账, 撤回)
        moved = any(a < e.at <= b and e.name in ended for e in case.history)
        if s.state is cf.ClockState.BREACHED and not moved:
            later = cf.evaluate(case, policy, b).goal(s.goal, s.target)
            assert later.state is cf.ClockState.BREACHED
            assert later.breached_at == s.breached_at


def test_an_earlier_cycle_stopped_before_a_reclassification_keeps_its_limit() -> None:
    # Returned (退单) two hours after dispatch: the sign-for clock stopped, on time for a
    # normal order. Made urgent while returned, then reassigned: the first cycle keeps its
    # working day, the second runs on the 30 minutes of an urgent one.
    case = order(
        "求助",
        ("dispatch", D(2025, 9, 1, 9)),
        ("return", D(2025, 9, 1, 11)),
        ("reclassify", D(2025, 9, 1, 12), {"urgency": "urgent"}),
        ("reassign", D(2025, 9, 1, 13)),
    )  # fmt: skip
    first, second = cf.cycles(case, HOTLINE, "sign-for", D(2025, 9, 2))
    assert (first.state, first.limit) == (cf.ClockState.MET, cf.WorkingDays(1))
    assert (second.state, second.limit) == (cf.ClockState.BREACHED, cf.ClockTime(minutes=30))


def test_the_explanation_names_every_change_and_its_limit() -> None:
    at = D(2025, 9, 1, 10, 40)
    events = [
        cf.Event("1", "file", D(2025, 9, 1, 9, 30)), cf.Event("2", "dispatch", D(2025, 9, 1, 10)),
        cf.Event("3", "reclassify", D(2025, 9, 1, 10, 20), changes={"category": "井盖缺失"}),
        cf.Event("4", "reclassify", at, changes={"category": "其他", "urgency": "urgent"}),
    ]  # fmt: skip
    case = cf.Case.open(URBAN.workflow, "U", D(2025, 9, 1, 9), category="暴露垃圾").apply_all(
        events
    )
    goal = URBAN.goal("handling")

    def limit(category: str, urgency: str = "normal") -> str:
        chosen = goal.limit_classified("", category, urgency)
        return str(None if chosen is None else chosen.limit)

    notes = cf.explain_goal(case, URBAN, "handling", at).notes
    assert notes[-2:] == (
        f"reclassify (变更类别) at 2025-09-01 10:20 Mon changed category 暴露垃圾 -> 井盖缺失: "
        f"limit {limit('暴露垃圾')} -> {limit('井盖缺失')}, counted from the same start with "
        "the time on hold kept",
        f"reclassify (变更类别) at 2025-09-01 10:40 Mon changed category 井盖缺失 -> 其他, "
        f"urgency normal -> urgent: limit {limit('井盖缺失')} -> {limit('其他', 'urgent')}, "
        "counted from the same start with the time on hold kept",
    )
    # Seen before 10:40, only the first.
    before = cf.explain_goal(case, URBAN, "handling", D(2025, 9, 1, 10, 30)).notes
    assert len(before) == len(notes) - 1


def test_the_explanation_says_when_a_limit_stays_or_did_not_apply() -> None:
    goal = cf.Goal(
        "handling",
        (cf.Limit(cf.WorkingDays(2), cf.WorkingDays(1), types=("咨询",)),
         cf.Limit(cf.WorkingDays(15), types=("投诉", "举报"))),
        start="dispatch", stop="reply",
    )  # fmt: skip
    policy = cf.Policy("p", HOTLINE.workflow, (goal,))
    case = cf.Case.open(policy.workflow, "H", D(2025, 9, 1, 9), type="其他").apply_all(
        [cf.Event("1", "dispatch", D(2025, 9, 1, 9)),
         cf.Event("2", "reclassify", D(2025, 9, 1, 10), changes={"type": "投诉"}),
         cf.Event("3", "reclassify", D(2025, 9, 1, 11), changes={"type": "举报"}),
         cf.Event("4", "reclassify", D(2025, 9, 1, 12), changes={"type": "咨询"})]
    )  # fmt: skip
    at = D(2025, 9, 1, 12)
    statutory = [n.split(": ", 1)[1] for n in cf.explain_goal(case, policy, "handling", at).notes]
    assert statutory == [
        "limit none (the goal does not apply) -> 15 working days, counted from the same start "
        "with the time on hold kept",
        "the limit stays 15 working days, counted from the same start with the time on hold kept",
        "limit 15 working days -> 2 working days, counted from the same start with the time on "
        "hold kept",
    ]
    promised = cf.explain_goal(case, policy, "handling", at, target="promised").notes[-1]
    assert promised.endswith(": limit none (no promised limit) -> 1 working day, counted from "
                             "the same start with the time on hold kept")  # fmt: skip


def test_an_interrupted_cycle_is_read_with_the_classification_of_its_restart() -> None:
    # Dispatched at 10:00 and made a missing manhole cover (井盖缺失) at 10:05, then sent back
    # (回退) and dispatched again at 14:00: the first cycle, interrupted while it ran, is read
    # with the limit of what the case was by then.
    case = garbage(
        ("file", D(2025, 9, 1, 9, 30)),
        ("dispatch", D(2025, 9, 1, 10)),
        ("reclassify", D(2025, 9, 1, 10, 5), {"category": "井盖缺失"}),
        ("send_back", D(2025, 9, 1, 13)),
        ("dispatch", D(2025, 9, 1, 14)),
    )
    cover = URBAN.goal("handling").limit_classified("", "井盖缺失", "normal")
    assert cover is not None
    first, second = cf.cycles(case, URBAN, "handling", D(2025, 9, 1, 15))
    assert first.limit == second.limit == cover.limit


def test_an_earlier_cycle_the_goal_had_no_limit_for_is_read_with_the_current_one() -> None:
    goal = cf.Goal(
        "handling", (cf.Limit(cf.WorkingDays(15), types=("投诉",)),),
        start="dispatch", stop="reply", restart="reassign",
    )  # fmt: skip
    policy = cf.Policy("p", HOTLINE.workflow, (goal,))
    case = cf.Case.open(policy.workflow, "H", D(2025, 9, 1, 9), type="其他").apply_all(
        [cf.Event("1", "dispatch", D(2025, 9, 1, 9)), cf.Event("2", "return", D(2025, 9, 1, 10)),
         cf.Event("3", "reassign", D(2025, 9, 1, 11)),
         cf.Event("4", "reclassify", D(2025, 9, 1, 12), changes={"type": "投诉"})]
    )  # fmt: skip
    first, second = cf.cycles(case, policy, "handling", D(2025, 9, 2))
    assert first.limit == second.limit == cf.WorkingDays(15)


def test_a_change_of_urgency_rechooses_the_sign_for_limit() -> None:
    case = order(
        "求助",
        ("dispatch", D(2025, 9, 1, 9)),
        ("reclassify", D(2025, 9, 1, 9, 10), {"urgency": "urgent"}),
    )  # fmt: skip
    note = cf.explain_goal(case, HOTLINE, "sign-for", D(2025, 9, 1, 9, 20)).notes[-1]
    assert ": limit 1 working day -> 30 minutes, counted from the same start" in note


def test_a_breach_is_not_undone_by_a_reclassification_after_it() -> None:
    # A 咨询 (2 working days) left overdue, then reclassified a 投诉 (15): the breach stands,
    # as a late extension would not undo it; the same made a 投诉 before the deadline is not
    # late at all.
    def case(when: dt.datetime) -> cf.Case:
        return cf.Case.open(HOTLINE.workflow, "H", D(2025, 9, 1, 9), type="咨询").apply_all(
            [cf.Event("1", "dispatch", D(2025, 9, 1, 9)),
             cf.Event("2", "sign_for", D(2025, 9, 1, 10)),
             cf.Event("3", "reclassify", when, changes={"type": "投诉"})]
        )  # fmt: skip

    late = case(D(2025, 9, 5, 9))  # due at the end of 3 September
    status = cf.evaluate(late, HOTLINE, D(2025, 9, 8)).goal("handling")
    assert (status.state, status.limit) == (cf.ClockState.BREACHED, cf.WorkingDays(2))
    assert status.breached_at == D(2025, 9, 3, 17, 30)
    [cycle] = cf.cycles(late, HOTLINE, "handling", D(2025, 9, 8))
    assert cycle == status
    note = cf.explain_goal(late, HOTLINE, "handling", D(2025, 9, 8)).notes[-1]
    assert note == (
        "reclassify (改类) at 2025-09-05 09:00 Fri changed type 咨询 -> 投诉 after the deadline "
        "had passed: the breach stands on the limit it had"
    )
    early = case(D(2025, 9, 2, 9))
    status = cf.evaluate(early, HOTLINE, D(2025, 9, 8)).goal("handling")
    assert (status.state, status.limit) == (cf.ClockState.RUNNING, cf.WorkingDays(15))


# -- a clock that starts at receipt; the rules of the day's end; aware times ------------------

DESK = cf.Workflow(
    "desk", states=("new", "done"), initial="new", terminal=("done",),
    transitions=(cf.Transition("close", "new", "done"),
                 cf.Transition("retag", "new", None, reclassifies=True)),
)  # fmt: skip


def desk_policy(day_end: str = "close") -> cf.Policy:
    goal = cf.Goal(
        "handling",
        (cf.Limit(cf.WorkingDays(1), types=("A",)), cf.Limit(cf.WorkingDays(10), types=("B",)),
         cf.Limit(cf.WorkingDays(15), types=("C",))),
        start="new", stop="close",
    )  # fmt: skip
    return cf.Policy("desk", DESK, (goal,), day_end=day_end)


RECEIVED = D(2025, 9, 1, 9)


def desk_case(*retags: tuple[dt.datetime, str], received: dt.datetime = RECEIVED) -> cf.Case:
    case = cf.Case.open(DESK, "K", received, type="A")
    return case.apply_all(
        cf.Event(str(n), "retag", at, changes={"type": kind}) for n, (at, kind) in enumerate(retags)
    )


def test_a_clock_started_at_receipt_counts_the_new_limit_from_receipt() -> None:
    # Received Monday 1 September as A (1 working day), made B (10) at 11:00: due at the
    # close of Monday 15 September, ten working days after the 1st.
    status = cf.evaluate(desk_case((D(2025, 9, 1, 11), "B")), desk_policy(), D(2025, 9, 2)).goal(
        "handling"
    )
    assert (status.limit, status.started, status.deadline) == (
        cf.WorkingDays(10), D(2025, 9, 1, 9), D(2025, 9, 15, 17, 30)
    )  # fmt: skip
    case = desk_case((D(2025, 9, 1, 11), "B"))
    assert cf.cycles(case, desk_policy(), "handling", D(2025, 9, 2)) == (status,)
    [late_cycle] = cf.cycles(
        desk_case((D(2025, 9, 4, 9), "B")), desk_policy(), "handling", D(2025, 9, 5)
    )
    assert late_cycle.limit == cf.WorkingDays(1)
    # Made B only once the working day had passed: the breach stands.
    late = cf.evaluate(desk_case((D(2025, 9, 4, 9), "B")), desk_policy(), D(2025, 9, 5))
    assert (late.goal("handling").state, late.goal("handling").limit) == (
        cf.ClockState.BREACHED, cf.WorkingDays(1)
    )  # fmt: skip


def test_each_reclassification_is_read_with_the_limit_of_its_time() -> None:
    # A -> B on the 1st; B -> C on the 22nd, once B's ten working days (the 15th) had passed:
    # the breach under B stands, and C's fifteen days do not undo it.
    case = desk_case((D(2025, 9, 1, 10), "B"), (D(2025, 9, 22, 9), "C"))
    status = cf.evaluate(case, desk_policy(), D(2025, 9, 23)).goal("handling")
    assert (status.state, status.limit) == (cf.ClockState.BREACHED, cf.WorkingDays(10))
    # Between two reclassifications made at once, the evaluation sees only the first.
    twice = desk_case((D(2025, 9, 1, 10), "B"), (D(2025, 9, 1, 10, 30), "C"))
    between = cf.evaluate(twice, desk_policy(), D(2025, 9, 1, 10, 10)).goal("handling")
    assert between.limit == cf.WorkingDays(10)


def test_a_reclassification_on_the_deadlines_evening_follows_the_days_end() -> None:
    # A's one working day ends at the close of Tuesday 2 September, or at its midnight.
    case = desk_case((D(2025, 9, 2, 20), "B"))
    at = D(2025, 9, 3, 9)
    close = cf.evaluate(case, desk_policy("close"), at).goal("handling")
    assert (close.state, close.limit) == (cf.ClockState.BREACHED, cf.WorkingDays(1))
    midnight = cf.evaluate(case, desk_policy("midnight"), at).goal("handling")
    assert (midnight.state, midnight.limit) == (cf.ClockState.RUNNING, cf.WorkingDays(10))
    assert cf.cycles(case, desk_policy("midnight"), "handling", at) == (midnight,)


def test_an_aware_reclassified_case_is_read_in_its_own_zone() -> None:
    utc = dt.UTC
    case = desk_case((D(2025, 9, 1, 3, tzinfo=utc), "B"), received=D(2025, 9, 1, 1, tzinfo=utc))
    status = cf.evaluate(case, desk_policy(), D(2025, 9, 2, tzinfo=utc)).goal("handling")
    # 09:00 in Beijing; due at the close of the 15th, 17:30 in Beijing, 09:30 UTC.
    assert status.deadline == D(2025, 9, 15, 9, 30, tzinfo=utc)
    assert cf.cycles(case, desk_policy(), "handling", D(2025, 9, 2, tzinfo=utc)) == (status,)
    # Made B only after A's working day had passed (the close of the 2nd, 09:30 UTC).
    late = desk_case((D(2025, 9, 2, 12, tzinfo=utc), "B"), received=D(2025, 9, 1, 1, tzinfo=utc))
    [cycle] = cf.cycles(late, desk_policy(), "handling", D(2025, 9, 3, tzinfo=utc))
    assert (cycle.state, cycle.limit) == (cf.ClockState.BREACHED, cf.WorkingDays(1))


def test_a_goal_that_does_not_apply_after_a_reclassification_is_left_out() -> None:
    case = desk_case((D(2025, 9, 1, 10), "Z"))
    assert cf.evaluate(case, desk_policy(), D(2025, 9, 2)).goals == ()


def test_the_limit_at_a_stop_or_a_cancellation_includes_the_changes_just_before_it() -> None:
    # Made urgent at 09:10, signed for at 09:20: the sign-for clock stops on the urgent
    # order's 30 minutes.
    case = order(
        "求助",
        ("dispatch", D(2025, 9, 1, 9)),
        ("reclassify", D(2025, 9, 1, 9, 10), {"urgency": "urgent"}),
        ("sign_for", D(2025, 9, 1, 9, 20)),
    )  # fmt: skip
    sign_for = cf.evaluate(case, HOTLINE, D(2025, 9, 2)).goal("sign-for")
    assert (sign_for.state, sign_for.limit) == (cf.ClockState.MET, cf.ClockTime(minutes=30))
    # Made a missing manhole cover, then parked (挂账), then changed again while parked: the
    # cancelled clock keeps the limit it had when it was parked.
    urban = garbage(
        ("file", D(2025, 9, 1, 9, 30)),
        ("dispatch", D(2025, 9, 1, 10)),
        ("reclassify", D(2025, 9, 1, 10, 5), {"category": "井盖缺失"}),
        ("park", D(2025, 9, 1, 10, 10)),
        ("reclassify", D(2025, 9, 1, 10, 20), {"category": "道路不洁"}),
    )
    cover = URBAN.goal("handling").limit_classified("", "井盖缺失", "normal")
    assert cover is not None
    parked = cf.evaluate(urban, URBAN, D(2025, 9, 2)).goal("handling")
    assert (parked.state, parked.limit) == (cf.ClockState.CANCELLED, cover.limit)


def test_changes_after_a_breach_and_after_the_stop_are_noted_apart() -> None:
    # An urgent order (30 minutes to sign for) dispatched at 09:00 and still unsigned at
    # 10:00 and 10:10, when it is changed twice; signed for at 10:30, then changed again.
    case = cf.Case.open(HOTLINE.workflow, "H", D(2025, 9, 1, 9), type="求助", urgency="urgent")
    case = case.apply_all(
        [cf.Event("1", "dispatch", D(2025, 9, 1, 9)),
         cf.Event("2", "reclassify", D(2025, 9, 1, 10), changes={"urgency": "normal"}),
         cf.Event("3", "reclassify", D(2025, 9, 1, 10, 10), changes={"type": "投诉"}),
         cf.Event("4", "sign_for", D(2025, 9, 1, 10, 30)),
         cf.Event("5", "reclassify", D(2025, 9, 1, 11), changes={"type": "举报"})]
    )  # fmt: skip
    notes = cf.explain_goal(case, HOTLINE, "sign-for", D(2025, 9, 2)).notes
    tails = [n.split(" changed ", 1)[1] for n in notes if "changed" in n]
    assert tails == [
        "urgency urgent -> normal after the deadline had passed: the breach stands on the "
        "limit it had",
        "type 求助 -> 投诉 after the deadline had passed: the breach stands on the limit it had",
        "type 投诉 -> 举报 after the clock stopped: the verdict stands on the limit it was given",
    ]


def test_a_goal_that_does_not_apply_leaves_the_next_goals_in() -> None:
    first = cf.Goal(
        "triage", (cf.Limit(cf.WorkingDays(1), types=("Z",)),), start="new", stop="close"
    )
    second = desk_policy().goals[0]
    policy = cf.Policy("desk", DESK, (first, second))
    case = desk_case((D(2025, 9, 1, 10), "B"))
    assert [s.goal for s in cf.evaluate(case, policy, D(2025, 9, 2)).goals] == ["handling"]
