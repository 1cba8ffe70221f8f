"""Cases the columnar readers' properties draw: every preset's workflow, reclassifications,
extensions, fields, aware times in one zone or naive, and the synthetic kinds."""

from __future__ import annotations

import contextlib
import datetime as dt
import zoneinfo
from collections.abc import Iterator
from unittest import mock

from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfs
from civicflow.cases.columns import CaseColumns

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
ZONES = (
    None, None, dt.UTC, dt.timezone(dt.timedelta(hours=8)), SHANGHAI,
    dt.timezone(-dt.timedelta(hours=5, minutes=30)),
)  # fmt: skip
WORKFLOWS = tuple(cf.preset_workflows().values())


def aware(case: cf.Case, zone: dt.tzinfo) -> cf.Case:
    """The case with its times aware, in ``zone`` (the same wall times)."""
    first = dict(case.received_as)
    opened = cf.Case.open(
        case.workflow,
        case.id,
        case.received.replace(tzinfo=zone),
        type=first.get("type", case.type),
        category=first.get("category", case.category),
        urgency=first.get("urgency", case.urgency),
        channel=case.channel,
        fields=dict(case.fields),
    )
    return opened.apply_all(
        cf.Event(
            e.id,
            e.name,
            e.at.replace(tzinfo=zone),
            e.extension,
            e.note,
            changes=dict(e.changes),
            channel=e.channel,
        )
        for e in case.history
    )


FIELDS = st.dictionaries(
    st.sampled_from(["department", "grid", "rating", "部门"]),
    st.sampled_from(["", "城管局", "A-12", "满意", "=1+1"]),
    max_size=3,
)


@st.composite
def one_case(draw: st.DrawFn, workflow: cf.Workflow, zone: dt.tzinfo | None) -> cf.Case:
    case = draw(
        cfs.cases(
            workflow,
            types=["投诉", "咨询", ""],
            categories=["暴露垃圾", ""],
            urgencies=["normal", "urgent"],
            max_events=10,
            min_year=2024,
            max_year=2025,
        )
    )
    fields = draw(FIELDS)
    if fields:
        case = cf.Case(
            case.workflow,
            case.id,
            case.received,
            case.type,
            case.category,
            case.urgency,
            case.channel,
            case.state,
            case.history,
            fields=fields,
            received_as=case.received_as,
        )
    return case if zone is None else aware(case, zone)


@st.composite
def case_lists(draw: st.DrawFn, max_size: int = 8) -> list[cf.Case]:
    """Cases of the presets' workflows, all naive or all aware in one zone."""
    zone = draw(st.sampled_from(ZONES))
    return draw(
        st.lists(st.sampled_from(WORKFLOWS).flatmap(lambda w: one_case(w, zone)), max_size=max_size)
    )


def same_arrays(columns: CaseColumns, cases: list[cf.Case]) -> None:
    """What ``CaseColumns.case`` does not show: each receipt as kept (µs of UTC or of the wall
    time), its wall time in its own zone (a report's period), and whether it is aware."""
    expected = CaseColumns.from_cases(cases)
    assert columns.received.tolist() == expected.received.tolist()
    assert columns.received_wall.tolist() == expected.received_wall.tolist()
    assert columns.aware().tolist() == expected.aware().tolist()


def reclassified(cases: list[cf.Case]) -> int:
    """How many of ``cases`` are reclassified: the rows the columns keep whole; every other
    case the columns take themselves."""
    return sum(any(e.changes for e in c.history) for c in cases)


@contextlib.contextmanager
def counted(module: object, name: str) -> Iterator[mock.MagicMock]:
    """``module.name`` wrapped for the block, to count the calls the per-case path takes."""
    with mock.patch.object(module, name, wraps=getattr(module, name)) as spy:
        yield spy
