"""Deadlines of 12345 hotline work orders by type, on one day before the Spring Festival.

Limits per type follow Guangdong's 2022 rule (咨询 2, 求助 and 建议 10, 投诉 and 举报 15
working days); urgent orders must be signed for within 30 minutes of clock time, others
within 1 working day.

Run: python examples/hotline_order_types.py
"""

import datetime as dt
import unicodedata

import civicflow as cf

LIMITS = {
    "咨询": "2个工作日",
    "求助": "10个工作日",
    "建议": "10个工作日",
    "投诉": "15个工作日",
    "举报": "15个工作日",
}


def pad(text: str, width: int) -> str:
    """Pad to a terminal width: Chinese characters take two columns."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * (width - used)


def main() -> None:
    cal = cf.china_calendar()
    received = dt.datetime(2026, 2, 12, 16, 40)  # the Thursday before the 2026 Spring Festival
    print(f"Orders received {received:%Y-%m-%d %H:%M} ({cal.day(received.date()).reason})\n")
    print(f"{pad('type', 6)}{pad('limit', 12)}deadline")
    for kind, limit in LIMITS.items():
        due = cf.deadline(received, limit, cal)
        print(f"{pad(kind, 6)}{pad(limit, 12)}{due:%Y-%m-%d %H:%M}")
    print()
    print("sign-for, urgent :", f"{cf.deadline(received, '30分钟', cal):%Y-%m-%d %H:%M}")
    print("sign-for, general:", f"{cf.deadline(received, '1个工作日', cal):%Y-%m-%d %H:%M}")
    print()
    print(cf.explain(received, "2个工作日", cal))


if __name__ == "__main__":
    main()
