"""A service hall's 好差评 ratings: its good-rating rate, its satisfaction by month, and how
many months in a row it has been at 100 % ("satisfaction 100 % for 45 months in a row").

Run: python examples/seed_service_hall.py
"""

import datetime as dt
import random

import civicflow as cf
from civicflow import compliance as co

policy = cf.rating_policy()
rng = random.Random(45)
report = co.Report((), "month")
as_of = dt.datetime(2026, 7, 1)
for n in range(2400):
    month = n % 48  # four years of ratings, fifty a month
    day = dt.date(2022, 7, 1) + dt.timedelta(days=30 * month + rng.randrange(28))
    when = dt.datetime.combine(day, dt.time(10))
    # One bad rating in each of the first three months (months 0, 1, 2), none after.
    grade = "不满意" if n in (0, 49, 98) else rng.choices(co.GRADES[:3], [70, 25, 5])[0]
    case = cf.Case.open(policy.workflow, f"HCP-{n:04d}", when, fields={"rating": grade})
    report.add(case, co.case_facts(case, policy, as_of, co.rating_indicators()))

total = report.total()
print(
    f"ratings: {total.count('rated'):,}; good-rating rate (好评率): {total.rate(co.JINHUA.rate('good_rating'))}"
)
monthly = [t.rate(co.JINHUA.rate("satisfaction")) for _, t in report.series()]
print(f"satisfaction at 100 % for the last {co.consecutive(monthly)} months in a row")
print(f"satisfaction over the whole period: {total.rate(co.JINHUA.rate('satisfaction'))}")
