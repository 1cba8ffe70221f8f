"""A year of 12345 work orders handed down to a district, and its closure rate
("closure rate 99 %+ of 1,000+ hotline cases").

The district signs for each order within the hour and replies within a few working days;
six orders of the year are still open at the end of January. The cases are built here, so
the figure can be checked by hand: 1,194 closed of 1,200 due is 99.50 %.

Run: python examples/seed_district_year.py
"""

import datetime as dt
import random

import civicflow as cf
from civicflow import compliance as co

policy = cf.hotline_policy()
calendar = cf.china_calendar()
rng = random.Random(1200)
as_of = dt.datetime(2026, 1, 31)
report = co.Report((), "quarter")
workdays = list(calendar.workdays(dt.date(2025, 1, 2), dt.date(2025, 12, 31)))
for n in range(1200):
    day = rng.choice(workdays)
    received = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=rng.randrange(420))
    kind = rng.choice(("求助", "投诉", "其他"))
    case = cf.Case.open(policy.workflow, f"QX-{n:04d}", received, type=kind)
    dispatched = received + dt.timedelta(minutes=10)
    events = [
        cf.Event("1", "dispatch", dispatched),
        cf.Event("2", "sign_for", dispatched + dt.timedelta(minutes=rng.randrange(5, 60))),
    ]
    if n % 200 != 7:  # six orders a year are still being handled
        started = events[-1].at + dt.timedelta(minutes=5)
        replied = cf.deadline(started, f"{rng.randrange(1, 4)}个工作日", calendar)
        events += [cf.Event("3", "start", started), cf.Event("4", "reply", replied)]
    case = case.apply_all(events)
    report.add(case, co.case_facts(case, policy, as_of, co.hotline_indicators(), calendar))

total = report.total()
print(f"{total.count('received'):,} work orders received in 2025, as of {as_of:%Y-%m-%d}")
for book in (co.TIANMEN, co.JINHUA):
    print(f"closure rate ({book.name}): {total.rate(book.rate('closure'))}")
print(f"on-time closure ({co.JINHUA.name}): {total.rate(co.JINHUA.rate('on_time_closure'))}")
print("three rates:", ", ".join(f"{r.label} {total.rate(r)}" for r in co.HOTLINE_RATES.rates[:2]))
for period, tally in report.series():
    print(
        f"  {period}: {tally.count('received')} orders, closure {tally.rate(co.JINHUA.rate('closure'))}"
    )
