"""Stateful tests: every preset driven by random valid and invalid events."""

import datetime as dt

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import civicflow as cf
from civicflow import strategies as cfst


class CaseMachine(RuleBasedStateMachine):
    policy: cf.Policy

    @initialize(received=cfst.local_datetimes(2015, 2025))
    def open_case(self, received: dt.datetime) -> None:
        self.case = cf.Case.open(self.policy.workflow, "M-1", received, type="投诉")
        self.n = 0

    def _next_id(self) -> str:
        self.n += 1
        return f"e{self.n}"

    @rule(data=st.data(), gap=st.integers(0, 3 * 24 * 60))
    def valid_event(self, data: st.DataObject, gap: int) -> None:
        allowed = self.policy.workflow.allowed(self.case.state)
        if not allowed:
            return
        t = self.policy.workflow.transition(data.draw(st.sampled_from(allowed)))
        assert t is not None
        extension = None
        if t.extension is not None:
            extension = cfst._extension_for(data.draw, self.case, t)  # type: ignore[arg-type]
            if extension is None:
                return
        changes = {}
        if t.reclassifies:
            field, values = data.draw(
                st.sampled_from(
                    [("type", ("咨询", "投诉", "求助")), ("urgency", ("urgent", "normal"))]
                )
            )
            changes[field] = data.draw(st.sampled_from(values))
        at = self.case.last_moment + dt.timedelta(minutes=gap)
        before = self.case
        self.case = self.case.apply(
            cf.Event(self._next_id(), t.name, at, extension, changes=changes)
        )
        for field, value in changes.items():
            assert self.case.get(field) == value
        if gap:
            assert self.case.classification_at(before.last_moment) == before.classification_at()
        assert self.case.history[:-1] == before.history
        assert self.case.state == t.moves_from(before.state)

    @rule(data=st.data())
    def invalid_event(self, data: st.DataObject) -> None:
        wf = self.policy.workflow
        refused = [n for n in wf.events if n not in wf.allowed(self.case.state)]
        kind = data.draw(st.sampled_from(["unknown", "not allowed", "too early"]))
        at = self.case.last_moment
        if kind == "unknown":
            event = cf.Event(self._next_id(), "teleport", at)
        elif kind == "not allowed" and refused:
            event = cf.Event(self._next_id(), data.draw(st.sampled_from(refused)), at)
        else:
            allowed = wf.allowed(self.case.state)
            if not allowed:
                return
            event = cf.Event(self._next_id(), allowed[0], at - dt.timedelta(minutes=1), "1个工作日")
        before = self.case
        with pytest.raises(cf.CaseError):
            self.case.apply(event)
        assert self.case == before

    @rule()
    def retry_last_event(self) -> None:
        if self.case.history:
            assert self.case.apply(self.case.history[-1]) is self.case

    @invariant()
    def replay_rebuilds_the_case(self) -> None:
        assert self.case.replayed() == self.case

    @invariant()
    def json_round_trip_is_the_identity(self) -> None:
        assert cf.case_from_json(cf.case_to_json(self.case)) == self.case

    @invariant()
    def evaluation_works(self) -> None:
        ev = cf.evaluate(self.case, self.policy, self.case.last_moment)
        assert ev.state == self.case.state


def machine(policy: cf.Policy) -> type[CaseMachine]:
    return type(f"{policy.name}Machine", (CaseMachine,), {"policy": policy})


TestHotline = machine(cf.hotline_policy()).TestCase
TestUrban = machine(cf.urban_policy()).TestCase
TestLicence = machine(cf.licence_policy()).TestCase
TestRating = machine(cf.rating_policy()).TestCase
