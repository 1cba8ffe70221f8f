"""Working-day and working-hour deadlines: civicflow against its peers, in one run.

Run: pip install -e '.[bench]' && python benchmarks/bench_deadlines.py [--queries 100000]

Every library answers the same random queries (starts spread over 2024-2026, a third of
them on days off). The truth is a plain day-by-day walk over chinesecalendar's data with the
legal rule (the start day is not counted), computed once and not timed. The report gives
each library's throughput, civicflow's speed as a multiple of it, and its error rate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import chinese_calendar
import numpy as np

import civicflow as cf
from civicflow.limits.batch import deadlines

ONE_DAY = dt.timedelta(days=1)
SESSIONS = ((dt.time(9), dt.time(12)), (dt.time(13, 30), dt.time(17, 30)))


def make_queries(n: int, seed: int) -> list[tuple[dt.datetime, int]]:
    rng = random.Random(seed)
    days = [dt.date(2024, 1, 1) + k * ONE_DAY for k in range(366 + 365 + 334)]
    off = [d for d in days if not chinese_calendar.is_workday(d)]
    on = [d for d in days if chinese_calendar.is_workday(d)]
    queries = []
    for k in range(n):
        day = rng.choice(off if k % 3 == 0 else on)
        moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=rng.randrange(24 * 60))
        queries.append((moment, rng.randint(1, 15)))
    return queries


def truth_days(start: dt.datetime, n: int) -> dt.date:
    day, counted = start.date(), 0
    while counted < n:
        day += ONE_DAY
        counted += chinese_calendar.is_workday(day)
    return day


def truth_hours(start: dt.datetime, hours: int) -> dt.datetime:
    left, day = dt.timedelta(hours=hours), start.date()
    while True:
        if chinese_calendar.is_workday(day):
            for a, b in SESSIONS:
                lo = max(dt.datetime.combine(day, a), start)
                hi = dt.datetime.combine(day, b)
                if lo < hi:
                    if hi - lo >= left:
                        return lo + left
                    left -= hi - lo
        day += ONE_DAY


def measure(fn: Callable[[], list[Any]]) -> tuple[float, list[Any]]:
    begin = time.perf_counter()
    out = fn()
    return time.perf_counter() - begin, out


def report(title: str, rows: list[tuple[str, int, float, float | None]]) -> None:
    base = rows[0][1] / rows[0][2]
    print(f"\n{title}")
    print(f"{'library':<48} {'queries/s':>12} {'civicflow is':>14} {'errors':>8}")
    for name, count, seconds, errors in rows:
        rate = count / seconds
        if errors is None:  # it raised at once: no throughput to speak of
            print(f"{name:<48} {'-':>12} {'-':>14} {'raises':>8}")
            continue
        print(f"{name:<48} {rate:>12,.0f} {base / rate:>13,.1f}x {errors:>8.1%}")


def error_rate(got: Sequence[Any], want: Sequence[Any]) -> float:
    return sum(bool(g != w) for g, w in zip(got, want, strict=True)) / len(want)


def working_days(queries: list[tuple[dt.datetime, int]], sample: int) -> None:
    import holidays
    import pandas as pd

    truth = [truth_days(s, n) for s, n in queries]
    limits = {n: cf.Duration.parse(f"{n}个工作日") for n in range(1, 16)}
    cal = cf.china_calendar()
    rows: list[tuple[str, int, float, float | None]] = []

    secs, got = measure(lambda: [cf.deadline(s, limits[n], cal).date() for s, n in queries])
    rows.append(("civicflow.deadline (parsed limit)", len(queries), secs, error_rate(got, truth)))

    texts = {n: f"{n}个工作日" for n in limits}
    secs, got = measure(lambda: [cf.deadline(s, texts[n]).date() for s, n in queries])
    rows.append(("civicflow.deadline (limit as text)", len(queries), secs, error_rate(got, truth)))

    starts = np.array([s for s, _ in queries], dtype="datetime64[m]")
    ns = np.array([n for _, n in queries])
    secs, got = measure(
        lambda: _batch_by_limit(starts, ns, limits).astype("datetime64[D]").astype(object).tolist()
    )
    rows.append(
        ("civicflow.limits.batch.deadlines (numpy)", len(queries), secs, error_rate(got, truth))
    )

    few = queries[:sample]
    secs, got = measure(lambda: [chinese_calendar.find_workday(n, s.date()) for s, n in few])
    rows.append(("chinese_calendar.find_workday", len(few), secs, error_rate(got, truth[:sample])))

    secs, got = measure(lambda: [truth_days(s, n) for s, n in few])
    rows.append(
        ("chinese_calendar.is_workday day loop", len(few), secs, error_rate(got, truth[:sample]))
    )

    china = holidays.country_holidays("CN", years=range(2024, 2028))
    secs, got = measure(lambda: [china.get_nth_working_day(s.date(), n) for s, n in few])
    rows.append(
        ("holidays.China.get_nth_working_day", len(few), secs, error_rate(got, truth[:sample]))
    )

    from workalendar.asia import China

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wc = China()
        begin = time.perf_counter()
        try:
            [wc.add_working_days(s.date(), n) for s, n in few]
            errors: float | None = 0.0
        except Exception:
            errors = None  # its data ends with 2023
        rows.append(
            ("workalendar China.add_working_days", len(few), time.perf_counter() - begin, errors)
        )

    days_off = sorted(d for d in chinese_calendar.holidays if d.year >= 2024 and d.weekday() < 5)
    offsets = {n: pd.offsets.CustomBusinessDay(n, holidays=days_off) for n in limits}
    secs, got = measure(lambda: [(pd.Timestamp(s.date()) + offsets[n]).date() for s, n in few])
    rows.append(
        ("pandas CustomBusinessDay (holiday list)", len(few), secs, error_rate(got, truth[:sample]))
    )

    day_starts = starts.astype("datetime64[D]")
    hol = np.array(days_off, dtype="datetime64[D]")
    secs, got = measure(
        lambda: (
            np.busday_offset(day_starts, ns, roll="backward", holidays=hol).astype(object).tolist()
        )
    )
    rows.append(
        (
            "numpy.busday_offset (holiday list, vectorised)",
            len(queries),
            secs,
            error_rate(got, truth),
        )
    )
    report("Working-day deadlines (N = 1..15 working days)", rows)


def _batch_by_limit(starts: Any, ns: Any, limits: Mapping[int, cf.Duration]) -> Any:
    out = np.empty(starts.shape, dtype="datetime64[us]")
    for n, limit in limits.items():
        mask = ns == n
        out[mask] = deadlines(starts[mask], limit)
    return out


def working_hours(queries: list[tuple[dt.datetime, int]], sample: int) -> None:
    import businesstimedelta as btd
    import pandas as pd

    hq = [(s, 1 + n % 16) for s, n in queries]
    truth = [truth_hours(s, h) for s, h in hq]
    limits = {h: cf.WorkingHours(h) for h in range(1, 17)}
    cal = cf.china_calendar()
    rows: list[tuple[str, int, float, float | None]] = []
    secs, got = measure(lambda: [cf.deadline(s, limits[h], cal) for s, h in hq])
    rows.append(("civicflow.deadline (working hours)", len(hq), secs, error_rate(got, truth)))

    starts = np.array([s for s, _ in hq], dtype="datetime64[m]")
    hs = np.array([h for _, h in hq])
    secs, got = measure(lambda: _batch_by_limit(starts, hs, limits).astype(object).tolist())
    rows.append(("civicflow.limits.batch.deadlines (numpy)", len(hq), secs, error_rate(got, truth)))

    few = hq[:sample]
    days_off = sorted(d for d in chinese_calendar.holidays if d.year >= 2024 and d.weekday() < 5)
    weekdays = [0, 1, 2, 3, 4]
    rules = btd.Rules(
        [
            btd.WorkDayRule(start_time=dt.time(9), end_time=dt.time(17, 30), working_days=weekdays),
            btd.LunchTimeRule(
                start_time=dt.time(12), end_time=dt.time(13, 30), working_days=weekdays
            ),
            # A set for fast look-ups; its search gives up (and crashes) past the last
            # holiday, so a far-off date keeps it going beyond 2026-10.
            btd.HolidayRule({*days_off, dt.date(2029, 1, 1)}),
        ]
    )
    deltas = {h: btd.BusinessTimeDelta(rules, hours=h) for h in limits}
    secs, got = measure(lambda: [(s + deltas[h]).replace(tzinfo=None) for s, h in few])
    rows.append(
        (
            "businesstimedelta (lunch rule, holiday list)",
            len(few),
            secs,
            error_rate(got, truth[:sample]),
        )
    )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cbh = {
            h: pd.offsets.CustomBusinessHour(
                h, start=["09:00", "13:30"], end=["12:00", "17:30"], holidays=days_off
            )
            for h in limits
        }
        secs, got = measure(lambda: [(pd.Timestamp(s) + cbh[h]).to_pydatetime() for s, h in few])
    rows.append(
        (
            "pandas CustomBusinessHour (two sessions)",
            len(few),
            secs,
            error_rate(got, truth[:sample]),
        )
    )
    report(
        "Working-hour deadlines (N = 1..16 working hours, sessions 09:00-12:00,13:30-17:30)", rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--peer-sample",
        type=int,
        default=None,
        help="time the slow scalar peers on the first N queries only (default: all)",
    )
    args = parser.parse_args()
    queries = make_queries(args.queries, args.seed)
    sample = args.peer_sample or args.queries
    cf.deadline(queries[0][0], "1个工作日")  # build the tables before timing
    deadlines(np.array([queries[0][0]], dtype="datetime64[m]"), "1个工作日")
    working_days(queries, sample)
    working_hours(queries, sample)


if __name__ == "__main__":
    main()
