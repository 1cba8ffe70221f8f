"""A year of 12345 work orders handed down by the district, and their closure rate
("closure rate 99 %+ of 1,000+ hotline cases").

Run: python examples/seed_district_year.py
"""

import datetime as dt

import civicflow as cf
from civicflow import compliance as co
from civicflow.exchange.synth import synth_cases

policy = cf.hotline_policy()
as_of = dt.datetime(2026, 1, 31)
report = co.Report((), "quarter")
year = synth_cases(1200, seed=99, first=dt.date(2025, 1, 1), days=365)
for case in year:
    report.add(case, co.case_facts(case, policy, as_of, co.hotline_indicators()))
total = report.total()
for book in (co.TIANMEN, co.JINHUA):
    print(f"closure rate ({book.name}): {total.rate(book.rate('closure'))}")
print(f"on-time closure ({co.JINHUA.name}): {total.rate(co.JINHUA.rate('on_time_closure'))}")
print("three rates:", ", ".join(f"{r.label} {total.rate(r)}" for r in co.HOTLINE_RATES.rates[:3]))
for period, tally in report.series():
    print(
        f"  {period}: {tally.count('received')} orders, closure {tally.rate(co.JINHUA.rate('closure'))}"
    )
