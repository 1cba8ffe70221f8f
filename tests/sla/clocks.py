"""What the tests of the SLA clocks share: a one-goal policy on the hotline workflow, and cases."""

from __future__ import annotations

import datetime as dt

import attrs

import civicflow as cf

__all__ = ["UNCAPPED", "WORKFLOW", "handling", "in_progress", "paused", "policy_with"]

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


#: The hotline workflow with no cap on its extensions, so that they can be in any unit.
UNCAPPED = attrs.evolve(
    WORKFLOW,
    name="hotline-uncapped",
    transitions=tuple(
        attrs.evolve(t, extension=cf.ExtensionRule()) if t.extension is not None else t
        for t in WORKFLOW.transitions
    ),
)
