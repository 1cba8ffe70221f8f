"""Every speed target against its limit, in one run: per-call arithmetic, bulk evaluation and
``civicflow report``.

Run: pip install -e '.[fast]' && python benchmarks/bench_limits.py [--calls 100000] [--cases 50000]

For each public call a platform makes one at a time, the limit is the same answer computed
by the shortest pure-Python code over the same precomputed tables (one table lookup for a
working-day deadline, a prefix-sum lookup for working time, a bisect for a working-hour
deadline), with no argument checking, no parsing, no time zone. For the batch form the
limit is plain NumPy arithmetic over the same arrays. Every pair runs in this process on the
same starts; the ratio is the limit's time over civicflow's (1.0 means as fast as the
limit; the target is 0.5). The answers are checked equal before anything is timed.

For ``civicflow report`` the limit is ``json.loads`` of the same lines in this process; the
report runs as a command (its start-up included) with one process and with ``--jobs 2``.
Bulk evaluation is ``civicflow.evaluate`` of the hotline cases of ``bench_cases.py`` one by
one, ``civicflow.evaluations`` of them all, and the evaluation a report makes of each
(``Facts.of``: the goals its indicators read). The report's in-process split (reading the
cases, counting them) is printed under it, each against ``json.loads``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path

import civicflow as cf
from civicflow.compliance import Facts, hotline_indicators

sys.path.insert(0, str(Path(__file__).parent))
from bench_scalar import starts

TARGET = 0.5


def best(call: Callable[[], object], rounds: int = 7) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        call()
        times.append(time.perf_counter() - t)
    return min(times)


class Floor:
    """The least pure Python over the default calendar's tables."""

    def __init__(self, cal: cf.Calendar) -> None:
        t = cal.tables
        self.base, self.cum_work, self.work_days = t.base, t.cum_work, t.work_days
        self.closes, self.cum_us, self.sessions = t.closes, t.cum_us, t.sessions
        self.first = dt.datetime.fromordinal(t.base)

    def deadline_days(self, s: dt.datetime, n: int) -> dt.datetime:
        return self.closes[self.work_days[self.cum_work[s.toordinal() - self.base + 1] + n - 1]]

    def work(self, s: dt.datetime) -> int:
        i = s.toordinal() - self.base
        us = (s.hour * 3600 + s.minute * 60 + s.second) * 1_000_000 + s.microsecond
        total = self.cum_us[i]
        for b, e in self.sessions[i]:
            if us <= b:
                break
            total += (us if us < e else e) - b
        return total

    def working_time(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        return dt.timedelta(microseconds=self.work(b) - self.work(a))

    def deadline_hours(self, s: dt.datetime, us: int) -> dt.datetime:
        target = self.work(s) + us
        i = bisect_left(self.cum_us, target) - 1
        rest = target - self.cum_us[i]
        for b, e in self.sessions[i]:
            if rest <= e - b:
                return self.first + dt.timedelta(days=i, microseconds=b + rest)
            rest -= e - b
        raise AssertionError


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument(
        "--parts",
        default="calls,batch,evaluation,report",
        help="which targets to measure, comma-separated (default: all)",
    )
    options = parser.parse_args()
    parts = set(options.parts.split(","))
    n = options.calls
    moments = starts(n)
    ends = [m + dt.timedelta(days=5) for m in moments]
    cal = cf.china_calendar()
    floor = Floor(cal)
    # An office with hours of its own, passed in as most platforms pass theirs.
    office = cf.china_calendar(hours="08:30-12:00,14:00-18:00")
    at_office = Floor(office)
    six = 6 * 3600 * 1_000_000
    deadline, working_time = cf.deadline, cf.working_time
    pairs: dict[str, tuple[Callable[[], list[object]], Callable[[], list[object]]]] = {
        'deadline(s, "3个工作日")': (
            lambda: [deadline(m, "3个工作日") for m in moments],
            lambda: [floor.deadline_days(m, 3) for m in moments],
        ),
        "working_time(s, e)": (
            lambda: [working_time(a, b) for a, b in zip(moments, ends, strict=True)],
            lambda: [floor.working_time(a, b) for a, b in zip(moments, ends, strict=True)],
        ),
        'deadline(s, "6个工作小时")': (
            lambda: [deadline(m, "6个工作小时") for m in moments],
            lambda: [floor.deadline_hours(m, six) for m in moments],
        ),
        'deadline(s, "3个工作日", office)': (
            lambda: [deadline(m, "3个工作日", office) for m in moments],
            lambda: [at_office.deadline_days(m, 3) for m in moments],
        ),
        "working_time(s, e, office)": (
            lambda: [working_time(a, b, office) for a, b in zip(moments, ends, strict=True)],
            lambda: [at_office.working_time(a, b) for a, b in zip(moments, ends, strict=True)],
        ),
        'deadline(s, "6个工作小时", office)': (
            lambda: [deadline(m, "6个工作小时", office) for m in moments],
            lambda: [at_office.deadline_hours(m, six) for m in moments],
        ),
    }
    print(f"{'path':40} {'civicflow':>12} {'limit':>12} {'ratio':>7}  target {TARGET}")
    for name, (ours, limit) in pairs.items() if "calls" in parts else ():
        assert ours() == limit(), name
        a, b = best(ours), best(limit)
        mark = "" if b / a >= TARGET else "  (not reached)"
        print(f"{name:40} {a / n * 1e9:9.0f} ns {b / n * 1e9:9.0f} ns {b / a:7.2f}{mark}")
    if "batch" in parts:
        _batch(cal, moments)
    if "evaluation" in parts:
        _evaluation(options.cases)
    if "report" in parts:
        _report(options.cases)


def _batch(cal: cf.Calendar, moments: list[dt.datetime]) -> None:
    try:
        import numpy as np
    except ImportError:
        print("batch: NumPy is not installed (pip install 'civicflow[fast]')")
        return
    from civicflow.limits.batch import _arrays, deadlines

    starts_ = np.array(moments, dtype="datetime64[us]")
    a, t = _arrays(cal, cal.tables.n), cal.tables
    six = 6 * 3600 * 1_000_000

    def limit() -> object:
        day = starts_.astype("datetime64[D]")
        i = (day.astype("datetime64[us]") - a.base).astype(np.int64) // 86_400_000_000
        us = (starts_ - day.astype("datetime64[us]")).astype(np.int64)
        target = a.working_us(i, us) + six
        return a.locate(t, target, end=True)

    ours = best(lambda: deadlines(starts_, "6个工作小时", cal))
    floor = best(limit)
    n = len(moments)
    print(
        f"{'batch.deadlines(hours)':34} {ours / n * 1e9:9.0f} ns {floor / n * 1e9:9.0f} ns "
        f"{floor / ours:7.2f}  (the limit's NumPy work, without building datetimes; target 0.5)"
    )


def _evaluation(count: int) -> None:
    from bench_cases import make_case

    rng = random.Random(1)
    cases = [make_case(rng, k) for k in range(count)]
    policy, at = cf.hotline_policy(), dt.datetime(2026, 9, 1)
    cf.evaluate(cases[0], policy, at)
    took = best(lambda: [cf.evaluate(c, policy, at) for c in cases], rounds=3)
    bulk = best(lambda: list(cf.evaluations(cases, at, policy=policy)), rounds=3)
    facts = Facts(policy, hotline_indicators())
    counted = best(lambda: [facts.of(c, at) for c in cases], rounds=3)
    for name, seconds in (
        ("evaluate(case), one core", took),
        ("evaluations(cases), one core", bulk),
        ("Facts.of (a report's evaluation)", counted),
    ):
        rate = count / seconds
        mark = "" if rate >= 250_000 else "  (not reached)"
        print(f"{name:34} {rate:12,.0f} cases/s    target 250,000{mark}")


def _report(count: int) -> None:
    from civicflow.exchange.documents.synth import synth_cases

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.jsonl"
        lines = [cf.case_to_json(c, indent=None) for c in synth_cases(count, seed=1)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        loads = best(lambda: [json.loads(line) for line in lines], rounds=3)
        # Where one process spends its time, in this process: reading the cases, then
        # counting them (the command adds its start-up and its output).
        decode = best(lambda: [cf.case_from_json(line) for line in lines], rounds=3)
        cases = [cf.case_from_json(line) for line in lines]
        as_of = dt.datetime(2026, 9, 1)
        count_ = best(lambda: cf.report_cases(cases, as_of, by=("department",)), rounds=3)
        print(
            f"{'  reading the cases':34} {count / decode:12,.0f} cases/s    "
            f"{decode / loads:5.1f}x json.loads"
        )
        print(
            f"{'  counting them (report_cases)':34} {count / count_:12,.0f} cases/s    "
            f"{count_ / loads:5.1f}x json.loads"
        )

        def report(jobs: int) -> float:
            argv = [sys.executable, "-m", "civicflow", "report", str(path), "--by",
                    "department", "--period", "month", "--as-of", "2026-09-01 00:00",
                    "--format", "csv", "--jobs", str(jobs)]  # fmt: skip
            return best(
                lambda: subprocess.run(
                    argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                ),
                2,
            )

        one, two = report(1), report(2)
    rate = count / one
    print(
        f"{'report, one process':34} {rate:12,.0f} cases/s    {one / loads:5.1f}x json.loads "
        f"(targets 100,000/s and 4x){'' if one / loads <= 4 else '  (not reached)'}"
    )
    print(
        f"{'report --jobs 2':34} {count / two:12,.0f} cases/s    {one / two:5.2f}x one process "
        f"(target 1.7x){'' if one / two >= 1.7 else '  (not reached)'}"
    )


if __name__ == "__main__":
    main()
