"""Preset workflows and policies to copy and adapt.

Each preset is a workflow and a policy with the time limits found in published rules (the
sources are in the guides under ``docs/presets/``). Limits vary city by city: pass your own
to the policy functions, or build on the returned values with :meth:`Workflow.extended`,
:meth:`Policy.with_goals` and :func:`attrs.evolve`.

>>> sorted(preset_workflows())
['hotline-12345', 'licence-application', 'rating-rectification', 'urban-management']
>>> preset_policy("licence-application").goal("decision").limits
(Limit(limit=WorkingDays(20), promised=None, types=frozenset(), categories=frozenset(), urgencies=frozenset()),)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from civicflow._arguments import guard, items
from civicflow.cases.workflow import ExtensionRule, Transition, Workflow
from civicflow.errors import ArgumentTypeError, NotFoundError
from civicflow.limits.duration import ClockTime, Duration, WorkingDays, WorkingHours
from civicflow.sla.policy import Goal, Limit, Policy, Warnings

__all__ = [
    "hotline_policy",
    "hotline_workflow",
    "licence_policy",
    "licence_workflow",
    "preset_policy",
    "preset_workflows",
    "rating_policy",
    "rating_workflow",
    "urban_policy",
    "urban_workflow",
]

T = Transition


# -- 12345 hotline --------------------------------------------------------------------------


@functools.cache
def hotline_workflow() -> Workflow:
    """The 12345 hotline work order: 受理 -> 派单 -> 签收 -> 办理 -> 反馈 -> 回访 -> 办结.

    Side paths: 退单 (return) and 改派 (reassign), 延期 (extension requests, approvals
    and rejections, at most 10 working days in all), 挂起 (suspension), 重办 (reopen after
    an unsatisfied callback), 督办 (supervision), 并单 (merge into another order) and
    直接答复 (answered by the hotline at once), and 改类 (``reclassify``: the order's type or
    urgency corrected; its limits are chosen again).
    """
    handling = ("signed_for", "in_progress")
    return Workflow(
        "hotline-12345",
        states=(
            "registered",
            "dispatched",
            "signed_for",
            "in_progress",
            "suspended",
            "replied",
            "called_back",
            "closed",
            "returned",
            "merged",
        ),
        initial="registered",
        terminal=("closed", "merged"),
        transitions=(
            T("dispatch", "registered", "dispatched", "派单"),
            T("answer", "registered", "replied", "直接答复"),
            T("merge", "registered", "merged", "并单"),
            T("sign_for", "dispatched", "signed_for", "签收"),
            T("return", ("dispatched", "signed_for"), "returned", "退单"),
            T("reassign", ("returned", "dispatched"), "dispatched", "改派"),
            T("start", "signed_for", "in_progress", "开始办理"),
            T("suspend", "in_progress", "suspended", "挂起"),
            T("resume", "suspended", "in_progress", "恢复办理"),
            T("request_extension", handling, None, "延期申请"),
            T(
                "approve_extension",
                handling,
                None,
                "延期批准",
                ExtensionRule(cap=WorkingDays(10)),
            ),
            T("reject_extension", handling, None, "延期驳回"),
            T("supervise", ("dispatched", *handling, "suspended"), None, "督办"),
            T("reply", handling, "replied", "办理反馈"),
            T("call_back", "replied", "called_back", "回访"),
            T("reopen", "called_back", "in_progress", "重办"),
            T("close", "called_back", "closed", "办结"),
            T(
                "reclassify",
                ("registered", "dispatched", *handling, "suspended", "returned"),
                None,
                "改类",
                reclassifies=True,
            ),
        ),
        labels={
            "registered": "已受理",
            "dispatched": "已派单",
            "signed_for": "已签收",
            "in_progress": "办理中",
            "suspended": "已挂起",
            "replied": "已反馈",
            "called_back": "已回访",
            "closed": "已办结",
            "returned": "已退单",
            "merged": "已并单",
        },
    )


#: Handling limits by order type (Guangdong, 2022).
HOTLINE_HANDLING: tuple[tuple[str, Duration], ...] = (
    ("咨询", WorkingDays(2)),
    ("求助", WorkingDays(10)),
    ("建议", WorkingDays(10)),
    ("投诉", WorkingDays(15)),
    ("举报", WorkingDays(15)),
)


def _pairs(handling: Iterable[tuple[str, Duration | str]]) -> list[tuple[str, Duration | str]]:
    """``handling``, checked to be (name, limit) pairs."""
    pairs = items(handling, "handling", (tuple, list), "a (name, limit) pair")
    for n, pair in enumerate(pairs):
        if len(pair) != 2 or not isinstance(pair[0], str):
            raise ArgumentTypeError(f"handling[{n}]", pair, "a (name, limit) pair")
    return [(name, limit) for name, limit in pairs]


def hotline_policy(
    *,
    handling: Iterable[tuple[str, Duration | str]] = HOTLINE_HANDLING,
    default_handling: Duration | str = "5个工作日",
    promised: Duration | str | None = None,
    warnings: Warnings | None = None,
) -> Policy:
    """Time limits of 12345 work orders.

    - sign-for (签收): 30 minutes of clock time for urgent orders (Tianjin), 1 working day
      otherwise (Shandong 2020); restarts on reassignment; met by signing for or returning.
    - handling (办理): from dispatch to the reply, by order type (``handling``; the default
      is Guangdong 2022), ``default_handling`` for other types (Shandong 2020: 5 working days);
      paused while suspended, extended by approved extensions, restarted by a reopen.

    Args:
        handling: (order type, limit) pairs.
        default_handling: the limit of other order types.
        promised: a shorter promised handling limit for every type, if the body has one.
        warnings: the warning rules; default: a yellow card one working day before the
            deadline (Shandong), the 80 % threshold, severely overdue at 3 times.
    """
    limits = [Limit(limit, promised, types=(kind,)) for kind, limit in _pairs(handling)]
    limits.append(Limit(default_handling, promised))
    return Policy(
        "hotline-12345",
        hotline_workflow(),
        goals=(
            Goal(
                "sign-for",
                (
                    Limit(ClockTime(minutes=30), urgencies=("urgent",)),
                    Limit(WorkingDays(1)),
                ),
                start="dispatch",
                stop=("sign_for", "return"),
                restart="reassign",
                cancel="merge",
                label="签收",
            ),
            Goal(
                "handling",
                tuple(limits),
                start="dispatch",
                stop="reply",
                pause="suspended",
                restart="reopen",
                extend="approve_extension",
                label="办理",
            ),
        ),
        warnings=warnings or Warnings(thresholds=(0.8,)),
    )


# -- digital urban management ------------------------------------------------------------------


@functools.cache
def urban_workflow() -> Workflow:
    """A digital urban-management case (GB/T 30428): report, file, dispatch, handle, feed
    back, check, close and evaluate.

    Side paths: 回退 (a wrong dispatch sent back to the dispatcher), 返工 (rework after a
    failed on-site check), 延期 (extension; at most two), 挂账 / 缓办 (parked: the clock
    stops and the case leaves the on-time base), 作废 (not filed) and 变更类别
    (``reclassify``: the category or urgency corrected; its limits are chosen again).
    """
    return Workflow(
        "urban-management",
        states=("reported", "filed", "dispatched", "fed_back", "closed", "parked", "discarded"),
        initial="reported",
        terminal=("closed", "discarded"),
        transitions=(
            T("file", "reported", "filed", "立案"),
            T("discard", "reported", "discarded", "不予立案"),
            T("dispatch", "filed", "dispatched", "派遣"),
            T("send_back", "dispatched", "filed", "回退"),
            T("extend", "dispatched", None, "延期", ExtensionRule(times=2)),
            T("park", "dispatched", "parked", "挂账"),
            T("unpark", "parked", "dispatched", "恢复办理"),
            T("feed_back", "dispatched", "fed_back", "处理反馈"),
            T("rework", "fed_back", "dispatched", "返工"),
            T("pass_check", "fed_back", "closed", "核查结案"),
            T("evaluate", "closed", None, "综合评价"),
            T(
                "reclassify",
                ("reported", "filed", "dispatched", "parked"),
                None,
                "变更类别",
                reclassifies=True,
            ),
        ),
        labels={
            "reported": "信息收集",
            "filed": "案卷建立",
            "dispatched": "任务处理",
            "fed_back": "处理反馈",
            "closed": "核查结案",
            "parked": "挂账",
            "discarded": "不予立案",
        },
    )


#: Handling limits by category (examples of published city rules; see docs/presets/urban.md).
URBAN_HANDLING: tuple[tuple[str, Duration], ...] = (
    ("暴露垃圾", WorkingHours(4)),
    ("道路不洁", WorkingHours(2)),
    ("绿地脏乱", WorkingDays(5)),
    ("违法建设", WorkingHours(4)),
    ("井盖缺失", ClockTime(minutes=60)),
)


def urban_policy(
    *,
    handling: Iterable[tuple[str, Duration | str]] = URBAN_HANDLING,
    default_handling: Duration | str = "1个工作日",
    warnings: Warnings | None = None,
) -> Policy:
    """Time limits of digital urban-management cases.

    - handling (处置): starts at dispatch ("下达任务派遣单，同时该案卷开始计时"), stops at
      the department's feedback; by category (``handling``), ``default_handling`` for others;
      restarted by a redispatch after 回退, by rework and when a parked case is taken up
      again; cancelled by parking; extended by approved extensions.
    """
    limits = [Limit(limit, categories=(category,)) for category, limit in _pairs(handling)]
    limits.append(Limit(default_handling))
    return Policy(
        "urban-management",
        urban_workflow(),
        goals=(
            Goal(
                "handling",
                tuple(limits),
                start="dispatch",
                stop="feed_back",
                restart=("dispatch", "rework", "unpark"),
                cancel="park",
                extend="extend",
                label="处置",
            ),
        ),
        warnings=warnings or Warnings(),
    )


# -- licence application --------------------------------------------------------------------


@functools.cache
def licence_workflow() -> Workflow:
    """An application for an administrative licence (行政许可法).

    收件 -> 受理 (or 补正 first: the applicant is told once what is missing) -> 审查, with
    hearing, testing and expert review (time not counted, Art. 45) -> 决定 -> 送达; or
    不予受理, or withdrawn by the applicant. One extension of at most 10 working days.
    """
    review = ("under_review", "hearing", "testing", "expert_review")
    return Workflow(
        "licence-application",
        states=(
            "received",
            "supplement_requested",
            *review,
            "decided",
            "delivered",
            "rejected",
            "withdrawn",
        ),
        initial="received",
        terminal=("delivered", "rejected", "withdrawn"),
        transitions=(
            T("accept", "received", "under_review", "受理"),
            T("request_supplement", "received", "supplement_requested", "一次性告知补正"),
            T("materials_received", "supplement_requested", "under_review", "补正材料齐全"),
            T("reject", ("received", "supplement_requested"), "rejected", "不予受理"),
            T("start_hearing", "under_review", "hearing", "听证"),
            T("end_hearing", "hearing", "under_review", "听证结束"),
            T("start_testing", "under_review", "testing", "检验检测"),
            T("end_testing", "testing", "under_review", "检验检测结束"),
            T("start_expert_review", "under_review", "expert_review", "专家评审"),
            T("end_expert_review", "expert_review", "under_review", "专家评审结束"),
            T("extend", review, None, "延长期限", ExtensionRule(cap=WorkingDays(10), times=1)),
            T("decide", "under_review", "decided", "作出决定"),
            T("deliver", "decided", "delivered", "送达"),
            T("withdraw", ("received", "supplement_requested", *review), "withdrawn", "撤回"),
        ),
        labels={
            "received": "收件",
            "supplement_requested": "补正",
            "under_review": "审查",
            "hearing": "听证",
            "testing": "检验检测",
            "expert_review": "专家评审",
            "decided": "已决定",
            "delivered": "已送达",
            "rejected": "不予受理",
            "withdrawn": "已撤回",
        },
    )


def licence_policy(
    *,
    decision: Duration | str = "20个工作日",
    promised: Duration | str | None = None,
    warnings: Warnings | None = None,
) -> Policy:
    """Time limits of 行政许可法.

    - acceptance (受理): 5 working days from receipt to acceptance, rejection or a request
      for missing materials (Art. 32).
    - decision (决定): 20 working days (Art. 42) from acceptance; when materials were
      missing, from their arrival, so counting begins the day after; hearing, testing and
      expert review are not counted (Art. 45); one extension of 10 working days; cancelled
      by a withdrawal.
    - delivery (送达): 10 working days from the decision (Art. 44).

    Args:
        decision: the decision limit (20 working days in the law).
        promised: the body's shorter promised decision limit (承诺时限), if any.
        warnings: the warning rules.
    """
    return Policy(
        "licence-application",
        licence_workflow(),
        goals=(
            Goal(
                "acceptance",
                (Limit(WorkingDays(5)),),
                start="received",
                stop=("accept", "request_supplement", "reject"),
                cancel="withdraw",
                label="受理",
            ),
            Goal(
                "decision",
                (Limit(decision, promised),),
                start=("accept", "materials_received"),
                stop="decide",
                pause=("hearing", "testing", "expert_review"),
                cancel="withdraw",
                extend="extend",
                label="审查决定",
            ),
            Goal(
                "delivery",
                (Limit(WorkingDays(10)),),
                start="decide",
                stop="deliver",
                label="送达",
            ),
        ),
        warnings=warnings or Warnings(),
    )


# -- rating rectification -------------------------------------------------------------------


@functools.cache
def rating_workflow() -> Workflow:
    """A bad service rating (差评) and its rectification (国办发〔2019〕51号).

    差评 -> 整改 -> 已整改 -> 回访 -> 办结; an unsatisfied callback sends it back to
    rectification; a rating found invalid on review is voided.
    """
    return Workflow(
        "rating-rectification",
        states=("rated", "rectifying", "rectified", "called_back", "closed", "voided"),
        initial="rated",
        terminal=("closed", "voided"),
        transitions=(
            T("assign", "rated", "rectifying", "交办"),
            T("rectify", "rectifying", "rectified", "整改完成"),
            T("call_back", "rectified", "called_back", "回访"),
            T("redo", "called_back", "rectifying", "重新整改"),
            T("close", "called_back", "closed", "办结"),
            T("void", ("rated", "rectifying"), "voided", "申诉成立"),
        ),
        labels={
            "rated": "差评",
            "rectifying": "整改中",
            "rectified": "已整改",
            "called_back": "已回访",
            "closed": "已办结",
            "voided": "无效差评",
        },
    )


def rating_policy(
    *, days: Duration | str = "15个工作日", warnings: Warnings | None = None
) -> Policy:
    """Time limits of a bad rating: rectified within ``days`` of the rating.

    Both 15 working days and 5 (Dezhou) are in use; restarted by a redo, cancelled when the
    rating is voided.
    """
    return Policy(
        "rating-rectification",
        rating_workflow(),
        goals=(
            Goal(
                "rectification",
                (Limit(days),),
                start="rated",
                stop="rectify",
                restart="redo",
                cancel="void",
                label="整改",
            ),
        ),
        warnings=warnings or Warnings(),
    )


# -- the registry ---------------------------------------------------------------------------

_PRESETS: dict[str, tuple[Callable[[], Workflow], Callable[[], Policy]]] = {
    "hotline-12345": (hotline_workflow, hotline_policy),
    "urban-management": (urban_workflow, urban_policy),
    "licence-application": (licence_workflow, licence_policy),
    "rating-rectification": (rating_workflow, rating_policy),
}


def preset_workflows() -> dict[str, Workflow]:
    """The preset workflows by name (what a loaded case's ``"workflow"`` may name)."""
    return {name: make() for name, (make, _) in _PRESETS.items()}


def preset_policy(workflow: str) -> Policy:
    """The default policy of a preset workflow.

    Raises:
        NotFoundError: there is no preset of that name; the message lists them.
    """
    try:
        return _PRESETS[workflow][1]()
    except KeyError:
        raise NotFoundError(
            f"no preset workflow {workflow!r}; the presets are: {', '.join(_PRESETS)}"
        ) from None


guard(globals())
