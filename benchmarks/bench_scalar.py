"""The scalar paths, per call: what a platform pays for each deadline it asks for.

Run: pip install -e . && python benchmarks/bench_scalar.py [--calls 50000]

Times, in this process and on the same random starts (2024-2026, a third on days off), the
public calls a platform makes one at a time: a working-day deadline from text, a
working-hour deadline, the working time between two moments, a day's status and the next
working moment. Prints the best of five rounds, in nanoseconds per call. To compare two
versions, run it with ``PYTHONPATH`` pointing at the other version's ``src`` and take the
ratio pair by pair (docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Callable

import civicflow as cf


def starts(n: int, seed: int = 1) -> list[dt.datetime]:
    rng = random.Random(seed)
    first = dt.datetime(2024, 1, 1)
    return [
        first + dt.timedelta(minutes=rng.randrange(3 * 365 * 24 * 60 - 60 * 24 * 60))
        for _ in range(n)
    ]


def best(call: Callable[[], object], n: int, rounds: int = 5) -> float:
    """Nanoseconds per call of ``call`` (which makes ``n`` calls), the best of ``rounds``."""
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        call()
        times.append(time.perf_counter() - t)
    return min(times) / n * 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=50_000)
    n = parser.parse_args().calls
    moments = starts(n)
    ends = [m + dt.timedelta(days=5) for m in moments]
    cal = cf.china_calendar()
    hours = cf.WorkingHours(6)
    days = [m.date() for m in moments]
    deadline, working_time = cf.deadline, cf.working_time
    paths = {
        'deadline(s, "3个工作日")': lambda: [deadline(m, "3个工作日") for m in moments],
        "deadline(s, WorkingHours(6))": lambda: [deadline(m, hours) for m in moments],
        "working_time(s, e)": lambda: [
            working_time(a, b) for a, b in zip(moments, ends, strict=True)
        ],
        "cal.is_workday(d)": lambda: [cal.is_workday(d) for d in days],
        "cal.next_working_moment(s)": lambda: [cal.next_working_moment(m) for m in moments],
    }
    cal.tables  # noqa: B018  (built once, not timed)
    for name, call in paths.items():
        print(f"{name:34} {best(call, n):8.0f} ns per call")


if __name__ == "__main__":
    main()
