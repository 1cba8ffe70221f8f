"""The State Council's yearly notice of holiday arrangements, read into data.

Each autumn the General Office publishes "国务院办公厅关于YYYY年部分节假日安排的通知": for
each festival, the days off and the weekend days worked instead. :func:`parse_notice` reads
its text; anything that does not add up is an error naming the line, never a guess.

>>> import datetime as dt
>>> text = '''国务院办公厅关于2025年部分节假日安排的通知
... 一、元旦：1月1日（周三）放假1天，不调休。
... 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。'''
>>> arr = parse_notice(text, partial=True)  # two of its festival lines
>>> arr.year, arr.is_workday(dt.date(2025, 1, 26)), arr.holidays[dt.date(2025, 2, 4)]
(2025, True, '春节')
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping

import attrs

from civicflow._arguments import guard
from civicflow.errors import ArgumentError, ArgumentTypeError, CivicflowError, shown

__all__ = [
    "FESTIVALS",
    "YEARLY_FESTIVALS",
    "Arrangement",
    "NoticeError",
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
        partial: whether it sets only some days of its year (a one-off notice, such as
            the 2015 Victory Day holiday): on a calendar it amends the year's data instead
            of replacing it.
    """

    year: int
    days_off: tuple[tuple[dt.date, str], ...] = attrs.field(converter=_frozen_dates)
    make_up: tuple[tuple[dt.date, str], ...] = attrs.field(converter=_make_up_pairs)
    source: str = "notice"
    partial: bool = False

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


#: The festivals a yearly notice names: all seven since 2008, the four before.
YEARLY_FESTIVALS = FESTIVALS[:7]
_BEFORE_2008 = ("元旦", "春节", "劳动节", "国庆节")
# Older notices name Labour Day and National Day by their dates.
_ALIASES = {"五一": "劳动节", "五一国际劳动节": "劳动节", "国际劳动节": "劳动节", "十一": "国庆节"}

_PUNCT = str.maketrans({",": "，", ":": "：", "(": "（", ")": "）", ";": "；", ".": "。"})
_DASH = re.compile(r"[-‐‑‒–—―~]+")
_NUMERALS = "一二三四五六七八九十"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DATE = re.compile(
    r"(?:(?P<y>\d{1,4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})"
    r"(?:日|(?=[（、至，。；]|上班|放假|补休|$))(?:（(?P<note>[^（）]*)）)?"
)
_HAS_DATE = re.compile(r"\d(?:月|日)")
_SIGNATURE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+|\d{1,2})[、，。](?P<names>[^：]{1,80})：(?P<body>.*)$"
)
# Words that hold 日 or a digit without being a date.
_NOT_DATES = re.compile(r"\d+天|\d+个|节假日|假日|公休日|纪念日|休息日|工作日|节日|\d+周年")
_ENCOURAGED = re.compile(r"鼓励|提倡|倡导|建议")
_EXPLAINED = re.compile(r"调至|照常|法定|公休日")
_COUNT = re.compile(rf"(?:共|放假)(\d+|[{_NUMERALS}]+)天")
# The clauses without a date a festival's line may hold: a count of days, the opening of
# an explanation, and whether the days off join the weekend next to them.
_DATELESS = re.compile(rf"(?:共|放假)(?:\d+|[{_NUMERALS}]+)天|其中|不调休|与周末连休|不与周末连休")
_JOINED = "与周末连休"
_LONGEST = 31  # days: no festival's break is longer; a longer range is a garbled date


def _normal(line: str) -> str:
    """A line with its punctuation and digits in one form: half-width ``, : ( ) . ;`` made
    full-width, dashes and tildes made 至, full-width digits made ASCII, spaces removed."""
    text = unicodedata.normalize("NFKC", line).translate(_PUNCT)
    return re.sub(r"\s+", "", _DASH.sub("至", text))


def _number(text: str) -> int:
    """``"8"``, ``"八"`` or ``"十三"`` as a number."""
    if text.isdigit():
        return int(text)
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return _NUMERALS.index(text) + 1
    return (_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (
        _NUMERALS.index(units) + 1 if units else 0
    )


def _split(text: str, separators: str) -> list[str]:
    """``text`` cut at ``separators`` outside parentheses ("（农历五月初五，端午节）")."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch == "（":
            depth += 1
        elif ch == "）" and depth:
            depth -= 1
        if depth == 0 and ch in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p for p in parts if p]


class _Line:
    """One festival's line being read: its number, its text and the dates it carries."""

    def __init__(self, n: int, raw: str, year: int, new_year: bool) -> None:
        self.n, self.raw, self.year, self.new_year = n, raw, year, new_year
        self.carry_year: int = year
        self.carry_month: int | None = None

    def error(self, reason: str) -> NoticeError:
        return NoticeError(self.n, self.raw, reason)

    def dates(self, clause: str) -> list[tuple[dt.date, re.Match[str]]]:
        """Every date of ``clause``, each with its match; a day without a month takes the
        month (and year) before it; a December without a year in the 元旦 line is the
        previous year's. Anything else that looks like a date is an error."""
        found: list[tuple[dt.date, re.Match[str]]] = []
        for m in _DATE.finditer(clause):
            if m["y"] and not m["m"]:
                raise self.error(f"{m.group(0)!r} has a year but no month")
            if m["y"]:
                year = int(m["y"])
                if year not in (self.year - 1, self.year):
                    raise self.error(
                        f"{m.group(0)!r}: a notice for {self.year} sets days of {self.year} "
                        f"and of the December before it, not of {year}"
                    )
            elif m["m"]:
                year = self.year - 1 if self.new_year and int(m["m"]) == 12 else self.year
            else:
                year = self.carry_year
            month = int(m["m"]) if m["m"] else self.carry_month
            if month is None:
                raise self.error(f"{m.group(0)!r} has no month")
            try:
                day = dt.date(year, month, int(m["d"]))
            except ValueError:
                raise self.error(f"{m.group(0)!r} is not a date") from None
            if found and found[-1][1].end() == m.start():
                raise self.error(f"{found[-1][1].group(0)}{m.group(0)} runs two dates together")
            self.carry_year, self.carry_month = year, month
            self.check_weekday(day, m["note"])
            found.append((day, m))
        rest = _NOT_DATES.sub("", _DATE.sub("", clause))
        if re.search(r"[\d月日]", rest):
            raise self.error(f"{clause!r} holds something that is not a date")
        return found

    def check_weekday(self, day: dt.date, note: str | None) -> None:
        label = re.search(r"(?:周|星期)([一二三四五六日天])", note or "")
        if label and _WEEKDAYS[label.group(1)] != day.weekday():
            raise self.error(f"{day} is a {day:%A}, not {label.group(0)} as the notice says")

    def listed(
        self, clause: str, found: list[tuple[dt.date, re.Match[str]]], ranges: bool
    ) -> list[dt.date]:
        """The days ``found`` name: a list joined by 、 (和, 及), or with ``ranges`` a span
        written 至; anything else between two dates is not understood."""
        days = [found[0][0]]
        for (before, b), (after, a) in itertools.pairwise(found):
            between = clause[b.end() : a.start()]
            if between == "至" and ranges:
                if after < before:
                    raise self.error(f"the range ends ({after}) before it starts ({before})")
                if (after - before).days >= _LONGEST:
                    raise self.error(f"{before}..{after} is too long for a festival's break")
                days += [before + dt.timedelta(days=k) for k in range(1, (after - before).days + 1)]
            elif between in ("、", "和", "及"):
                days.append(after)
            else:
                raise self.error(f"{between!r} between {before} and {after} is not understood")
        return days

    def moved(
        self, clause: str, found: list[tuple[dt.date, re.Match[str]]], off: set[dt.date]
    ) -> set[dt.date]:
        """The make-up days of a clause that moves weekend days (``9月27日（星期六）、9月28日
        （星期日）两个公休日调至9月29日（星期一）、30日（星期二）``): the days before 调至 that
        are not days off of the break are worked; the days after it must be days off of it."""
        at = clause.index("调至")
        before = [(d, m) for d, m in found if m.start() < at]
        after = [(d, m) for d, m in found if m.start() > at]
        if not before or not after:
            raise self.error(f"{clause!r}: 调至 moves days to other days, and names both")
        missing = sorted(d for d in self.listed(clause, after, ranges=False) if d not in off)
        if missing:
            raise self.error(f"{clause!r} moves a day off to {missing[0]}, not a day of the break")
        return self.weekend_days({d for d in self.listed(clause, before, False) if d not in off})

    def make_up(self, clause: str, found: list[tuple[dt.date, re.Match[str]]]) -> set[dt.date]:
        return self.weekend_days(set(self.listed(clause, found, ranges=False)))

    def weekend_days(self, days: set[dt.date]) -> set[dt.date]:
        """``days``, each checked to be a weekend day (a make-up working day is one)."""
        for day in sorted(days):
            if day.weekday() < 5:
                raise self.error(
                    f"{day} is a {day:%A}: a make-up working day must be a weekend day"
                )
        return days


def _festival(line: _Line, body: str) -> tuple[list[dt.date], set[dt.date]]:
    """The days off and the make-up days of one festival's line.

    Each sentence is read clause by clause: a clause ending in 上班 names make-up days; one
    with 放假 grants days off (a day, a list or a span); one with 补休 a day off in lieu; an
    explanation (a sentence opening 其中, or a clause of 调至, 照常公休, 法定节假日) and an
    encouragement (鼓励…) grant nothing, but their dates must still be dates. A date in
    any other clause is not understood, and an error.
    """
    off: list[dt.date] = []
    work: set[dt.date] = set()
    for sentence in _split(body, "。"):
        if off:  # a bare day of a new sentence is in the month the break starts
            line.carry_year, line.carry_month = off[0].year, off[0].month
        encouraged = bool(_ENCOURAGED.search(sentence))
        explaining = sentence.startswith("其中")
        granted: list[dt.date] = []
        clauses = _split(sentence, "，；")
        joined = _JOINED in clauses
        for clause in _listed(line, clauses, encouraged):
            found = line.dates(clause)
            if not found or encouraged:
                continue
            if "上班" in clause:
                work |= line.make_up(clause, found)
            elif "调至" in clause:
                work |= line.moved(clause, found, set(off) | set(granted))
            elif explaining or _EXPLAINED.search(clause):
                continue
            elif "补休" in clause:
                if not (granted or off):
                    raise line.error("a day in lieu (补休) with no days off (放假) before it")
                granted += line.listed(clause, found, ranges=False)
            elif "放假" in clause:
                head = clause.index("放假")
                if any(m.start() > head for _, m in found):
                    raise line.error(f"{clause!r}: a date after 放假 is not understood")
                granted += line.listed(clause, found, ranges=True)
            else:
                raise line.error(
                    f"{clause!r} has a date but grants no day off (放假, 补休) and names no "
                    "working day (上班)"
                )
        if not granted:
            continue
        if joined:
            granted = _join_weekend(granted)
        count = _COUNT.search(sentence)
        if count is not None and len(count.group(1)) > 3:  # no break is a thousand days
            raise line.error(f"{count.group(0)[:20]!r} is not a number of days of a break")
        if count is not None and _number(count.group(1)) != len(set(granted)):
            raise line.error(
                f"it says {count.group(1)} days but {granted[0]}..{granted[-1]} is "
                f"{len(set(granted))}"
            )
        off += granted
    if not off:
        raise line.error("the line grants no day off")
    return off, work


def _listed(line: _Line, clauses: list[str], encouraged: bool) -> list[str]:
    """The clauses of a sentence, each checked: one without a date must be a form the notices
    use (共N天, 与周末连休...), so that a garbled one is refused rather than skipped; one of
    dates alone is a list that goes on in the next clause (a half-width copy writes
    ``2月14日(周六),2月28日(周六)上班``, a comma where the notice has 、)."""
    read: list[str] = []
    pending = ""
    for clause in clauses:
        if pending:
            clause, pending = f"{pending}、{clause}", ""
        if not _HAS_DATE.search(clause):
            if not encouraged and not _DATELESS.fullmatch(clause):
                raise line.error(
                    f"{clause!r} is not understood: a clause without a date is a count of "
                    "days (共N天), 其中, 不调休, 与周末连休 or 不与周末连休"
                )
            read.append(clause)
        elif not _DATE.sub("", clause):  # dates alone: the list goes on
            pending = clause
        else:
            read.append(clause)
    if pending:
        read.append(pending)  # a list with nothing after it: read, and refused as granting nothing
    return read


def _festival_names(line: _Line, written: str) -> list[str]:
    names = []
    for name in written.split("、"):
        name = re.sub(r"[“”\"「」‘’']", "", name)
        name = _ALIASES.get(name, name)
        if name not in FESTIVALS:
            raise line.error(
                f"unknown festival {name!r}; expected one of {', '.join(FESTIVALS[:7])}"
            )
        names.append(name)
    return names


def parse_notice(
    text: str, *, source: str = "notice", partial: bool = False, year: int | None = None
) -> Arrangement:
    """Read the text of a notice "国务院办公厅关于YYYY年部分节假日安排的通知".

    Reads what the notices of 2004 to today write, in full-width or half-width punctuation:
    numbered festival lines ("二、", "二,", "2、"); weekdays written "（周三）" or
    "（星期三）"; days off as a day, a list or a range ("1月28日至2月4日", "4月4日至6日",
    "2月6日-12日", "1月22日———28日"); "共N天", "放假N天", "不调休", "与周末连休" (the days
    off join the adjoining weekend), "补休" (a day off in lieu); make-up days written with or
    without their 日 ("2月7(星期日)上班"); the explanations of older notices ("其中……为法定
    节假日……调至……照常公休"), read but granting nothing; dates of the previous December;
    festivals merged on one line ("国庆节、中秋节"), and the old names "五一" and "十一".

    Only what the notice grants is read: an encouragement ("鼓励各单位……安排职工在除夕（2月9日）
    休息") makes no day off. A weekend day between two days off of the same festival is a day
    of its break, and is named for it.

    Args:
        text: the notice; its lines are numbered as an editor numbers them.
        source: where it came from, kept in the arrangement.
        partial: the notice sets only some festivals (a one-off notice); without it, a
            notice must name every festival of the year (the seven since 2008, four before).
        year: the year, for a notice whose title does not give it (the one-off notices'
            titles often do not); a title that gives another year is an error.

    Raises:
        NoticeError: anything that does not add up, naming the line: no year in the title, an
            unknown festival, a festival missing from a yearly notice, a date that is no
            date, a weekday that contradicts its date, a day count that disagrees with the
            days, a make-up day that is not a weekend day, a date outside any festival's
            line, a clause with a date that grants nothing, a day given twice.
    """
    if not isinstance(text, str):
        raise ArgumentTypeError("text", text, "the notice's text, a str")
    if not isinstance(source, str):
        raise ArgumentTypeError("source", source, "a str")
    if not isinstance(partial, bool):
        raise ArgumentTypeError("partial", partial, "True or False")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise ArgumentTypeError("year", year, "a year as a whole number, or None")
    raw_lines = _LINE_BREAK.split(text)
    lines = [_normal(raw) for raw in raw_lines]
    given, title = year, None
    for n, line in enumerate(lines, 1):
        m = re.search(r"关于(?:延长|调整)?(\d+)年", line)
        if m and len(m.group(1)) > 4:
            raise NoticeError(n, raw_lines[n - 1], f"'{m.group(1)[:12]}…' is not a year")
        if m:
            year, title = int(m.group(1)), n
            break
    if title is not None and given is not None and given != year:
        raise NoticeError(
            title, raw_lines[title - 1], f"the title is for {year}, not {shown(given)}"
        )
    if year is None:
        raise NoticeError(1, raw_lines[0], "no year: expected a title '关于YYYY年…的通知'")
    if title is None:
        title = next((n for n, line in enumerate(lines, 1) if line), 1)
    if not 1999 <= year <= 2199:
        raise NoticeError(
            title, raw_lines[title - 1], f"{shown(year)} is not a year of the holiday law"
        )
    days_off: dict[dt.date, str] = {}
    make_up: dict[dt.date, str] = {}
    named: list[str] = []
    for n, (raw, line) in enumerate(zip(raw_lines, lines, strict=True), 1):
        item = _ITEM.match(line)
        if not item:
            if n != title and _HAS_DATE.search(line) and not _SIGNATURE.match(line):
                raise NoticeError(
                    n, raw, "a date outside any festival's line: each date of a notice "
                    "belongs to a numbered festival line ('二、春节：…')"
                )  # fmt: skip
            continue
        reader = _Line(n, raw, year, new_year=False)
        names = _festival_names(reader, item["names"])
        reader.new_year = "元旦" in names
        off, work = _festival(reader, item["body"])
        name = "、".join(names)
        for day in _fill_weekends(off, work):
            if days_off.get(day, name) != name:
                raise NoticeError(n, raw, f"{day} is already a day off for {days_off[day]}")
            days_off[day] = name
        make_up.update(dict.fromkeys(work, name))
        named += names
    if not days_off:
        raise NoticeError(title, raw_lines[title - 1], "the notice grants no day off")
    clash = sorted(set(days_off) & set(make_up))
    if clash:
        raise NoticeError(
            title, raw_lines[title - 1], f"{clash[0]} is both a day off and a working day"
        )
    expected = YEARLY_FESTIVALS if year >= 2008 else _BEFORE_2008
    missing = [f for f in expected if f not in named]
    if missing and not partial:
        raise NoticeError(
            title,
            raw_lines[title - 1],
            f"a yearly notice names every festival of {year}, and this one has no line for "
            f"{', '.join(missing)}; read a one-off notice as partial (partial=True, --partial)",
        )
    return Arrangement(year, days_off, make_up, source, partial=partial)


def _fill_weekends(off: list[dt.date], work: set[dt.date]) -> list[dt.date]:
    """The days off with the weekend days between two of them (a break is one block)."""
    days = sorted(set(off))
    filled = list(days)
    for before, after in itertools.pairwise(days):
        gap = [before + dt.timedelta(days=k) for k in range(1, (after - before).days)]
        if gap and all(d.weekday() >= 5 and d not in work for d in gap):
            filled += gap
    return sorted(filled)


def _join_weekend(span: list[dt.date]) -> list[dt.date]:
    """The span with the weekend days that adjoin it (与周末连休)."""
    days = sorted(set(span))
    before = days[0] - dt.timedelta(days=1)
    while before.weekday() >= 5:
        days.insert(0, before)
        before -= dt.timedelta(days=1)
    after = days[-1] + dt.timedelta(days=1)
    while after.weekday() >= 5:
        days.append(after)
        after += dt.timedelta(days=1)
    return days


guard(globals())
