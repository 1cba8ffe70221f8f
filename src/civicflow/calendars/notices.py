"""The State Council's yearly notice of holiday arrangements, read into data.

Each autumn the General Office publishes "国务院办公厅关于YYYY年部分节假日安排的通知": for
each festival, the days off and the weekend days worked instead. :func:`parse_notice` reads
its text; anything that does not add up is an error naming the line, never a guess.

>>> import datetime as dt
>>> text = '''国务院办公厅关于2025年部分节假日安排的通知
... 一、元旦：1月1日（周三）放假1天，不调休。
... 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。'''
>>> arr = parse_notice(text)
>>> arr.year, arr.is_workday(dt.date(2025, 1, 26)), arr.holidays[dt.date(2025, 2, 4)]
(2025, True, '春节')
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping

import attrs

from civicflow.errors import ArgumentError, CivicflowError, SchemaError

__all__ = [
    "ARRANGEMENT_SCHEMA",
    "FESTIVALS",
    "Arrangement",
    "NoticeError",
    "arrangement_from_json",
    "arrangement_to_json",
    "parse_notice",
]

#: The festivals a notice may name (the 2015 one-off Victory Day included).
FESTIVALS = (
    "元旦",
    "春节",
    "清明节",
    "劳动节",
    "端午节",
    "中秋节",
    "国庆节",
    "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
)

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_HALF = str.maketrans({",": "，", ":": "：", "(": "（", ")": "）", ";": "；"})


class NoticeError(CivicflowError, ValueError):
    """A notice's text does not add up.

    Attributes:
        line: the line number in the text (1 for the first line).
        text: the line.
        reason: what is wrong.
    """

    def __init__(self, line: int, text: str, reason: str) -> None:
        self.line = line
        self.text = text
        self.reason = reason
        super().__init__(f"notice line {line}: {reason}: {text.strip()!r}")


def _frozen_dates(value: Mapping[dt.date, str]) -> tuple[tuple[dt.date, str], ...]:
    return tuple(sorted(value.items()))


def _make_up_pairs(
    value: Mapping[dt.date, str] | Iterable[dt.date],
) -> tuple[tuple[dt.date, str], ...]:
    if isinstance(value, Mapping):
        return tuple(sorted(value.items()))
    return tuple(sorted((d, "") for d in value))


@attrs.frozen
class Arrangement:
    """One year's holiday arrangement, as a notice fixes it.

    Attributes:
        year: the year of the notice.
        days_off: (date, festival) pairs of the days off, sorted.
        make_up: (date, festival) pairs of the weekend days worked instead (调休上班), sorted.
        source: where it came from, e.g. ``"notice"`` or a file name.
    """

    year: int
    days_off: tuple[tuple[dt.date, str], ...] = attrs.field(converter=_frozen_dates)
    make_up: tuple[tuple[dt.date, str], ...] = attrs.field(converter=_make_up_pairs)
    source: str = "notice"

    @property
    def holidays(self) -> dict[dt.date, str]:
        """Each day off -> its festival, as the notice names it."""
        return dict(self.days_off)

    @property
    def make_up_days(self) -> frozenset[dt.date]:
        """The weekend dates that become working days."""
        return frozenset(d for d, _ in self.make_up)

    def covers(self, day: dt.date) -> bool:
        """Whether the arrangement answers for ``day``: its year, and any day of the
        previous December that the notice moves."""
        return day.year == self.year or day in self.make_up_days or day in self.holidays

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day under this arrangement.

        Raises:
            ValueError: ``day`` is outside what the arrangement covers.
        """
        if not self.covers(day):
            raise ArgumentError(f"the {self.year} arrangement says nothing of {day}")
        if day in self.make_up_days:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


_DATE = re.compile(
    r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日(?:（(?P<note>[^）]*)）)?"
)


def _dates(
    line: int, raw: str, text: str, year: int, month: int | None
) -> tuple[list[tuple[dt.date, str | None]], int | None]:
    """Every date written in ``text``, with its parenthesised note, carrying the month."""
    found = []
    for m in _DATE.finditer(text):
        y = int(m["y"]) if m["y"] else year
        if m["m"]:
            month = int(m["m"])
        if month is None:
            raise NoticeError(line, raw, f"{m.group(0)!r} has no month")
        try:
            day = dt.date(y, month, int(m["d"]))
        except ValueError:
            raise NoticeError(line, raw, f"{m.group(0)!r} is not a date") from None
        found.append((day, m["note"]))
    return found, month


def _check_weekday(line: int, raw: str, day: dt.date, note: str | None) -> None:
    if not note:
        return
    label = re.search(r"(?:周|星期)([一二三四五六日天])", note)
    if label and _WEEKDAYS[label.group(1)] != day.weekday():
        raise NoticeError(
            line, raw, f"{day} is a {day:%A}, not {label.group(0)} as the notice says"
        )


_ITEM = re.compile(r"^\s*[一二三四五六七八九十]+、(?P<names>[^：]+)：(?P<body>.*)$")


def parse_notice(text: str, *, source: str = "notice") -> Arrangement:
    """Read the text of a notice "国务院办公厅关于YYYY年部分节假日安排的通知".

    Reads full-width or half-width punctuation, weekdays written "（周三）" or "（星期三）",
    ranges "1月28日至2月4日" and "4月4日至6日", dates with a year ("2011年12月31日"),
    "不调休", "与周末连休", "补休" (a day off in lieu), "共N天", festivals merged on one line
    ("国庆节、中秋节"), and make-up days in the previous December.

    Raises:
        NoticeError: no year in the title, an unknown festival, a weekday that contradicts
            its date, a day count that disagrees with the range, a make-up day that is not
            a weekend day, or a festival line that grants no day; the error names the line.
    """
    lines = text.translate(_HALF).splitlines()
    year = None
    for raw in lines:
        m = re.search(r"关于(\d{4})年", raw)
        if m:
            year = int(m.group(1))
            break
    if year is None:
        raise NoticeError(
            1, lines[0] if lines else "", "no year: expected a title '关于YYYY年…的通知'"
        )
    days_off: dict[dt.date, str] = {}
    make_up: dict[dt.date, str] = {}
    for n, raw in enumerate(lines, 1):
        item = _ITEM.match(raw)
        if not item:
            continue
        names = item["names"].strip()
        for name in names.split("、"):
            if name not in FESTIVALS:
                raise NoticeError(
                    n, raw, f"unknown festival {name!r}; expected one of {', '.join(FESTIVALS[:7])}"
                )
        off, work = _festival(n, raw, item["body"], year)
        for day in off:
            if day in days_off:
                raise NoticeError(n, raw, f"{day} is already a day off for {days_off[day]}")
            days_off[day] = names
        make_up.update(dict.fromkeys(work, names))
    if not days_off:
        raise NoticeError(1, lines[0], "the notice grants no day off")
    clash = sorted(set(days_off) & set(make_up))
    if clash:
        raise NoticeError(1, lines[0], f"{clash[0]} is both a day off and a working day")
    return Arrangement(year, days_off, make_up, source)


def _make_up_days(n: int, raw: str, found: list[tuple[dt.date, str | None]]) -> set[dt.date]:
    """The make-up working days among ``found``: weekend days with a true weekday label."""
    days = set()
    for day, note in found:
        _check_weekday(n, raw, day, note)
        if day.weekday() < 5:
            raise NoticeError(
                n, raw, f"{day} is a {day:%A}: a make-up working day must be a weekend day"
            )
        days.add(day)
    return days


def _festival(n: int, raw: str, body: str, year: int) -> tuple[list[dt.date], set[dt.date]]:
    """The days off and the make-up days of one festival's line."""
    sentences = [s for s in re.split(r"。", body) if s.strip()]
    off: list[dt.date] = []
    work: set[dt.date] = set()
    month: int | None = None
    for sentence in sentences:
        if "上班" in sentence and "放假" not in sentence:
            found, month = _dates(n, raw, sentence, year, month)
            work |= _make_up_days(n, raw, found)
            continue
        if "放假" not in sentence and "休" not in sentence:
            continue
        head = sentence.split("放假")[0]
        found, month = _dates(n, raw, head, year, month)
        if not found:
            raise NoticeError(n, raw, "no date before '放假'")
        for day, note in found:
            _check_weekday(n, raw, day, note)
        first = found[0][0]
        last = found[-1][0] if "至" in head else first
        if last < first:
            raise NoticeError(n, raw, f"the range ends ({last}) before it starts ({first})")
        span = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
        if "与周末连休" in sentence:
            span = _join_weekend(span)
        total = re.search(r"共(\d+)天", sentence)
        single = re.search(r"放假(\d+)天", sentence)
        stated = int(total.group(1)) if total else int(single.group(1)) if single else None
        if stated is not None and stated != len(span):
            raise NoticeError(
                n, raw, f"it says {stated} days but {first}..{span[-1]} is {len(span)}"
            )
        off += span
        # A day off in lieu, written after the range: "5月1日放假，5月2日（星期一）补休".
        if "补休" in sentence:
            if "放假" not in sentence:
                raise NoticeError(n, raw, "a day in lieu (补休) with no days off (放假) before it")
            tail = sentence.split("放假", 1)[1].split("补休")[0]
            found, month = _dates(n, raw, tail, year, month)
            for day, note in found:
                _check_weekday(n, raw, day, note)
                off.append(day)
        # Make-up days written in the same sentence after "上班" (older notices).
        if "上班" in sentence:
            tail = sentence.split("放假", 1)[1]
            found, month = _dates(n, raw, tail, year, month)
            work |= _make_up_days(n, raw, found)
    if not off:
        raise NoticeError(n, raw, "the line grants no day off")
    return off, work


def _join_weekend(span: list[dt.date]) -> list[dt.date]:
    """The span with the weekend days that adjoin it (与周末连休)."""
    days = list(span)
    before = days[0] - dt.timedelta(days=1)
    while before.weekday() >= 5:
        days.insert(0, before)
        before -= dt.timedelta(days=1)
    after = days[-1] + dt.timedelta(days=1)
    while after.weekday() >= 5:
        days.append(after)
        after += dt.timedelta(days=1)
    return days


ARRANGEMENT_SCHEMA = "civicflow.arrangement/1"


def arrangement_to_json(arrangement: Arrangement) -> str:
    """The arrangement as a small JSON data file that calendars can load."""
    return json.dumps(
        {
            "schema": ARRANGEMENT_SCHEMA,
            "year": arrangement.year,
            "source": arrangement.source,
            "days_off": {d.isoformat(): name for d, name in arrangement.days_off},
            "make_up": {d.isoformat(): name for d, name in arrangement.make_up},
        },
        ensure_ascii=False,
        indent=2,
    )


def arrangement_from_json(text: str | bytes) -> Arrangement:
    """Load an arrangement written by :func:`arrangement_to_json`.

    Raises:
        SchemaError: not such a file (not JSON, another schema, a bad or missing field);
            every problem is named with its path. It is also a ``ValueError``.
    """
    what = "arrangement"
    try:
        if isinstance(text, bytes | bytearray):
            text = bytes(text).decode("utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise SchemaError(what, ["$: not UTF-8 text"]) from None
    except RecursionError:
        raise SchemaError(what, ["$: nested too deeply to be a document"]) from None
    except ValueError as exc:
        raise SchemaError(what, [f"$: not an arrangement file: not JSON ({exc})"]) from None
    if not isinstance(data, dict) or data.get("schema") != ARRANGEMENT_SCHEMA:
        raise SchemaError(
            what, [f"$.schema: not an arrangement file: expected schema {ARRANGEMENT_SCHEMA!r}"]
        )
    problems = []
    unknown = set(data) - {"schema", "year", "days_off", "make_up", "source"}
    if unknown:
        problems.append(f"$: unknown field(s): {', '.join(sorted(unknown))}")
    year = data.get("year")
    if type(year) is not int or not 1 <= year <= 9999:
        problems.append(f"$.year: expected a year as a whole number, got {year!r}")
    days: dict[str, dict[dt.date, str]] = {}
    for key in ("days_off", "make_up"):
        value = data.get(key)
        if type(value) is not dict:
            problems.append(f"$.{key}: expected an object of dates and names, got {value!r}")
            continue
        days[key] = {}
        for day, name in value.items():
            try:
                date = dt.date.fromisoformat(day)
            except ValueError:
                problems.append(f"$.{key}: {day!r} is not a date (YYYY-MM-DD)")
                continue
            if type(name) is not str:
                problems.append(f"$.{key}.{day}: expected a festival's name, got {name!r}")
                continue
            days[key][date] = name
    source = data.get("source", "arrangement file")
    if type(source) is not str:
        problems.append(f"$.source: expected a str, got {source!r}")
    weekdays = sorted(d for d in days.get("make_up", {}) if d.weekday() < 5)
    if weekdays:
        problems.append(f"$.make_up: make-up day {weekdays[0]} is not a weekend day")
    if problems:
        raise SchemaError(what, problems)
    assert isinstance(year, int)
    return Arrangement(year, days["days_off"], days["make_up"], str(source))
