"""A bureau director's hotline that promises to rectify each request within 3 working days
(the Zhangdian director's public promise), as its monthly figures would be reported.

Run: python examples/seed_director_hotline.py
"""

import datetime as dt
import random

import civicflow as cf
from civicflow import compliance as co

# The hotline preset, with the director's promise as the handling limit of every request.
policy = cf.hotline_policy(handling=[], default_handling="3个工作日")
rng = random.Random(2024)
cal = cf.china_calendar()
report = co.Report((), "month")
as_of = dt.datetime(2025, 7, 1)
for n in range(252):  # 252 calls in the half year
    received = dt.datetime(2025, 1, 2, 9) + dt.timedelta(
        days=rng.randrange(178), hours=rng.randrange(8)
    )
    case = cf.Case.open(policy.workflow, f"JZ-{n:03d}", received, type="求助")
    t = received + dt.timedelta(minutes=20)
    # Most are rectified within a working day or two; a few take longer.
    days = rng.choices([0, 1, 2, 3, 6], [30, 35, 25, 7, 3])[0]
    done = dt.datetime.combine(cal.add_workdays(t.date(), days), dt.time(16))
    done = max(done, t + dt.timedelta(hours=3))
    case = case.apply_all(
        [
            cf.Event("1", "dispatch", t),
            cf.Event("2", "sign_for", t + dt.timedelta(hours=1)),
            cf.Event("3", "start", t + dt.timedelta(hours=2)),
            cf.Event("4", "reply", done),
        ]
    )
    report.add(case, co.case_facts(case, policy, as_of, co.hotline_indicators()))

total = report.total()
on_time = total.rate(co.JINHUA.rate("on_time_closure"))
print(f"{total.count('received')} calls, {total.count('closed')} rectified")
print(f"rectified within the promised 3 working days: {on_time}")
print(f"median time to rectify: {total.working_days('median'):.0f} working day(s)")
for period, tally in report.series():
    print(
        f"  {period}: {tally.count('received'):3d} calls, on time {tally.rate(co.JINHUA.rate('on_time_closure'))}"
    )
