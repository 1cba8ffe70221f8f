"""A year of urban-management patrols: problems found, solved, and still in rectification,
the way a district's year-end report counts them (1,460 found, 1,440 solved, 20 in hand).

Run: python examples/seed_patrol.py
"""

import datetime as dt
import random

import civicflow as cf
from civicflow import compliance as co

policy = cf.urban_policy()
rng = random.Random(1460)
cal = cf.china_calendar()
report = co.Report(("category",), "all")
as_of = dt.datetime(2025, 12, 31, 17, 30)
categories = ["暴露垃圾", "占道经营", "道路不洁", "乱堆物料", "绿地脏乱"]
for n in range(1460):
    day = dt.date(2025, 1, 2) + dt.timedelta(days=rng.randrange(362))
    found = cal.next_working_moment(dt.datetime.combine(day, dt.time(9 + rng.randrange(7))))
    case = cf.Case.open(
        policy.workflow, f"XC-{n:04d}", found, category=rng.choice(categories), channel="patrol"
    )
    t = found + dt.timedelta(minutes=10)
    events = [("file", t), ("dispatch", t + dt.timedelta(minutes=10))]
    if n >= 20:  # all but the last twenty are solved and checked
        done = cal.next_working_moment(t + dt.timedelta(hours=rng.choice([1, 2, 3, 20])))
        events += [("feed_back", done), ("pass_check", done + dt.timedelta(hours=1))]
    else:
        case = cf.Case.open(
            policy.workflow,
            case.id,
            dt.datetime(2025, 12, 30, 10),
            category=case.category,
            channel="patrol",
        )
        events = [
            ("file", dt.datetime(2025, 12, 30, 10, 10)),
            ("dispatch", dt.datetime(2025, 12, 30, 10, 20)),
        ]
    case = case.apply_all(cf.Event(str(k), name, when) for k, (name, when) in enumerate(events))
    report.add(case, co.case_facts(case, policy, as_of, co.urban_indicators()))

total = report.total()
print(f"problems found on patrol: {total.count('received'):,}")
print(f"solved: {total.count('closed'):,}; in rectification: {total.count('open')}")
print(f"solved on time: {total.rate(co.JINHUA.rate('on_time_closure'))}")
for (category,), _, tally in report.rows():
    print(f"  {category}: {tally.count('received')} found, {tally.count('closed')} solved")
