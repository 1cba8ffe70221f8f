"""From a platform's export to the 考核 workbook and the per-case verdicts (明细).

The sample exports in examples/data were made by `civicflow synth --export`: a 12345
work-order export (.xlsx) and a digital urban-management case export (.csv), one row per
case with Chinese headers, read through the shipped mappings. Needs civicflow[excel].
"""

import datetime as dt
import pathlib
import tempfile

from civicflow.compliance import RATE_BOOKS, report_cases
from civicflow.compliance.scores import SCORE_BOOKS
from civicflow.exchange.documents import InputStats
from civicflow.exchange.reports import write_verdicts, write_workbook
from civicflow.exchange.tables import read_table, shipped_mapping

DATA = pathlib.Path(__file__).parent / "data"
AS_OF = dt.datetime(2026, 9, 1)

for export, mapping in (
    ("12345-export.xlsx", "hotline-12345"),
    ("urban-export.csv", "urban-management"),
):
    stats = InputStats()
    cases = [case for _, case in read_table(DATA / export, shipped_mapping(mapping), stats=stats)]
    print(
        f"{export}: {stats.cases} cases from {stats.lines} rows ({stats.bad} bad, {stats.blank} blank)"
    )
    by_department = report_cases(cases, AS_OF, by=("department",), period="month")
    by_month = report_cases(cases, AS_OF, period="month")
    total = by_month.total()
    print(f"  按期结案率 (jinhua): {total.rate(RATE_BOOKS['jinhua'].rate('on_time_closure'))}")
    with tempfile.TemporaryDirectory() as folder:
        workbook = pathlib.Path(folder) / "考核通报.xlsx"
        write_workbook(
            workbook,
            [("按承办单位", by_department), ("按期间", by_month)],
            RATE_BOOKS["jinhua"],
            scores=SCORE_BOOKS["jinhua"],
            as_of="2026-09-01 00:00",
        )
        verdicts = pathlib.Path(folder) / "明细.xlsx"
        rows = write_verdicts(verdicts, cases, AS_OF)
        print(f"  wrote the workbook ({workbook.stat().st_size:,} bytes) and {rows} verdict rows")
