"""Workflows are values, validated when built, with every problem reported at once."""

import pytest

from civicflow import DefinitionError, ExtensionRule, Transition, Workflow, WorkingDays
from civicflow.sla.presets import preset_workflows


def test_every_problem_is_listed() -> None:
    with pytest.raises(DefinitionError) as info:
        Workflow(
            "w",
            states=("a", "b", "b", "island"),
            initial="zero",
            terminal=("end",),
            transitions=(
                Transition("go", "a", "b"),
                Transition("go", "a", "missing"),
                Transition("a", "b", "a"),
                Transition("leave", "nowhere", "b"),
            ),
        )
    assert info.value.problems == (
        "state 'b' is listed twice",
        "initial state 'zero' is not one of the states",
        "terminal state 'end' is not one of the states",
        "transition 'go' is defined twice",
        "transition 'go' goes to unknown state 'missing'",
        "transition 'a' has the name of a state; event and state names must differ",
        "transition 'leave' leaves from unknown state 'nowhere'",
    )
    assert isinstance(info.value, ValueError)


def test_unreachable_and_dead_end_states() -> None:
    with pytest.raises(DefinitionError) as info:
        Workflow(
            "w",
            states=("open", "stuck", "closed", "orphan"),
            initial="open",
            terminal=("closed",),
            transitions=(Transition("close", "open", "closed"), Transition("jam", "open", "stuck")),
        )
    assert info.value.problems == (
        "state 'orphan' cannot be reached from the initial state 'open'",
        "state 'stuck' has no way to a terminal state",
        "state 'orphan' has no way to a terminal state",
    )


def test_no_transition_leaves_a_terminal_state() -> None:
    with pytest.raises(DefinitionError, match="leaves terminal state"):
        Workflow(
            "w",
            states=("open", "closed"),
            initial="open",
            terminal=("closed",),
            transitions=(
                Transition("close", "open", "closed"),
                Transition("reopen", "closed", "open"),
            ),
        )
    # A transition that keeps the state (a note, an evaluation) may happen after the end.
    wf = Workflow(
        "w",
        states=("open", "closed"),
        initial="open",
        terminal=("closed",),
        transitions=(Transition("close", "open", "closed"), Transition("rate", "closed")),
    )
    assert wf.allowed("closed") == ("rate",)


@pytest.mark.parametrize("name", sorted(preset_workflows()))
def test_presets_are_valid_and_labelled(name: str) -> None:
    wf = preset_workflows()[name]
    assert wf.name == name
    assert all(t.label for t in wf.transitions)
    assert all(wf.label(s) != s for s in wf.states)


def test_extended_replaces_and_adds() -> None:
    wf = preset_workflows()["licence-application"]
    longer = wf.extended(
        transitions=[
            Transition(
                "extend",
                "under_review",
                None,
                "延长期限",
                ExtensionRule(cap=WorkingDays(15), times=1),
            )
        ]
    )
    t = longer.transition("extend")
    assert t is not None
    assert t.extension == ExtensionRule(WorkingDays(15), 1)
    assert longer.events.count("extend") == 1
    assert "extend" not in longer.without_transitions("extend").events


def test_extension_rule_checks_times() -> None:
    with pytest.raises(ValueError, match="'times' must be a whole number >= 1"):
        ExtensionRule(times=0)
