"""Per-call arithmetic against its limit: the public calls beside the least pure Python can do.

Run: pip install -e '.[fast]' && python benchmarks/bench_limits.py [--calls 100000]

For each public call a platform makes one at a time, the limit is the same answer computed
by the shortest pure-Python code over the same precomputed tables (one table lookup for a
working-day deadline, a prefix-sum lookup for working time, a bisect for a working-hour
deadline), with no argument checking, no parsing, no time zone. For the batch form the
limit is plain NumPy arithmetic over the same arrays. Every pair runs in this process on the
same starts; the ratio is the limit's time over civicflow's (1.0 means as fast as the
limit; the target is 0.5). The answers are checked equal before anything is timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from bisect import bisect_left
from collections.abc import Callable

import civicflow as cf

TARGET = 0.5


def starts(n: int, seed: int = 1) -> list[dt.datetime]:
    rng = random.Random(seed)
    first = dt.datetime(2024, 1, 1)
    return [
        first + dt.timedelta(minutes=rng.randrange(3 * 365 * 24 * 60 - 60 * 24 * 60))
        for _ in range(n)
    ]


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
    n = parser.parse_args().calls
    moments = starts(n)
    ends = [m + dt.timedelta(days=5) for m in moments]
    cal = cf.china_calendar()
    floor = Floor(cal)
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
    }
    print(f"{'path':34} {'civicflow':>12} {'limit':>12} {'ratio':>7}  target {TARGET}")
    for name, (ours, limit) in pairs.items():
        assert ours() == limit(), name
        a, b = best(ours), best(limit)
        mark = "" if b / a >= TARGET else "  (not reached)"
        print(f"{name:34} {a / n * 1e9:9.0f} ns {b / n * 1e9:9.0f} ns {b / a:7.2f}{mark}")
    _batch(cal, moments)


def _batch(cal: cf.Calendar, moments: list[dt.datetime]) -> None:
    try:
        import numpy as np
    except ImportError:
        print("batch: NumPy is not installed (pip install 'civicflow[fast]')")
        return
    from civicflow.limits.batch import _arrays, deadlines

    starts_ = np.array(moments, dtype="datetime64[us]")
    a, t = _arrays(cal), cal.tables
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


if __name__ == "__main__":
    main()
