"""Many cases at once: evaluations and reports over any number of cases, in one pass.

Each workflow's policy, indicators and compiled clocks are found once (:class:`Facts`), then
every case is read against them; nothing is kept per case, so memory does not grow with the
number of cases. The figures are those of :meth:`Report.add_case` case by case, and the
evaluations those of :func:`~civicflow.evaluate`.

>>> import datetime as dt
>>> from civicflow.exchange.documents.synth import synth_cases
>>> report = report_cases(synth_cases(200, seed=1), dt.datetime(2026, 9, 1), by=("department",))
>>> report.total().count("received")
200

For JSON Lines, :func:`civicflow.exchange.jobs.partitions.report_lines` reads the lines into this
same pass, and ``civicflow report --jobs N`` runs it in N processes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from civicflow._arguments import guard
from civicflow.calendars.calendar import Calendar
from civicflow.cases.case import Case
from civicflow.compliance.facts import Facts, Indicators, preset_indicators
from civicflow.compliance.report import Report
from civicflow.errors import ArgumentTypeError
from civicflow.limits._local import instant_like, resolve_calendar
from civicflow.sla.evaluation import evaluate
from civicflow.sla.policy import Policy
from civicflow.sla.presets import preset_policy
from civicflow.sla.status import Evaluation

__all__ = [
    "PolicyChoice",
    "choose_policy",
    "evaluated",
    "evaluations",
    "facts_chooser",
    "report_cases",
]

#: The policy of every case, or a function choosing each case's; ``None``: its preset.
PolicyChoice = Policy | Callable[[Case], Policy] | None


def choose_policy(policy: PolicyChoice) -> Callable[[Case], Policy]:
    """Each case's policy: ``policy`` itself, the preset of its workflow (``None``), or what
    the function ``policy`` gives, asked once per workflow."""
    if isinstance(policy, Policy):
        return lambda case: policy
    choose = policy
    chosen: dict[str, Policy] = {}

    def policy_of(case: Case) -> Policy:
        name = case.workflow.name
        found = chosen.get(name)
        if found is None:
            found = chosen[name] = preset_policy(name) if choose is None else choose(case)
        return found

    return policy_of


def facts_chooser(
    policy: PolicyChoice = None,
    indicators: Indicators | None = None,
    calendar: Calendar | None = None,
) -> Callable[[Case], Facts]:
    """The compiled :class:`Facts` of each case's policy, compiled once per workflow.

    The indicators default to the preset ones of the policy's workflow.

    Raises (when a case of a new workflow comes):
        NotFoundError: no preset policy or indicators for the case's workflow.
    """
    policy_of = choose_policy(policy)
    cal = resolve_calendar(calendar)
    compiled: dict[str, Facts] = {}

    def facts_of(case: Case) -> Facts:
        name = case.workflow.name
        facts = compiled.get(name)
        if facts is None:
            chosen = policy_of(case)
            ind = indicators if indicators is not None else preset_indicators(chosen.workflow.name)
            facts = compiled[name] = Facts(chosen, ind, cal)
        return facts

    return facts_of


def report_cases(
    cases: Iterable[Case],
    as_of: dt.datetime,
    *,
    by: Iterable[str] = (),
    period: str = "all",
    policy: PolicyChoice = None,
    indicators: Indicators | None = None,
    calendar: Calendar | None = None,
) -> Report:
    """The report of ``cases`` as of ``as_of``, grouped by the fields ``by`` and ``period``.

    Args:
        cases: any number of cases, read once, in one pass.
        as_of: the instant of the figures (naive: the calendar's local time).
        by: the fields to group by, as for :class:`~civicflow.compliance.report.Report`.
        period: the period to group by, as for it.
        policy: the policy of every case, or a function choosing each one's; default: each
            case's preset policy.
        indicators: default: the preset indicators of each policy's workflow.
        calendar: default: :func:`~civicflow.china_calendar`.

    Raises:
        FieldError: a case's rating or callback answer is not one it may hold.
        NotFoundError: no preset policy or indicators for a case's workflow.
    """
    report = Report(tuple(by), period)
    facts_of = facts_chooser(policy, indicators, calendar)
    for n, case in enumerate(cases):
        if not isinstance(case, Case):
            raise ArgumentTypeError(f"cases[{n}]", case, "a Case")
        report.count(case, facts_of(case), as_of)
    return report


def evaluations(
    cases: Iterable[Case],
    at: dt.datetime,
    *,
    policy: PolicyChoice = None,
    calendar: Calendar | None = None,
) -> Iterator[Evaluation]:
    """The evaluation of each of ``cases`` at ``at``, in order, as
    :func:`~civicflow.evaluate` gives it; the calendar and each workflow's policy are found
    once. A naive ``at`` is read in the calendar's zone for a case with aware times, and an
    aware one converted to it for a case with naive times.

    Raises:
        NotFoundError: no preset policy for a case's workflow.
    """
    return (ev for _, ev in evaluated(cases, at, policy=policy, calendar=calendar))


def evaluated(
    cases: Iterable[Case],
    at: dt.datetime,
    *,
    policy: PolicyChoice = None,
    calendar: Calendar | None = None,
) -> Iterator[tuple[Case, Evaluation]]:
    """Each case with its evaluation, as :func:`evaluations` gives them."""
    policy_of = choose_policy(policy)
    cal = resolve_calendar(calendar)
    for n, case in enumerate(cases):
        if not isinstance(case, Case):
            raise ArgumentTypeError(f"cases[{n}]", case, "a Case")
        yield case, evaluate(case, policy_of(case), instant_like(cal, at, case.received), cal)


guard(globals())
