"""Platforms' exports in: mappings, rows, CSV, .xlsx, Parquet and DataFrames, and their guards."""

import contextlib
import datetime as dt
import itertools
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civicflow as cf
from civicflow import strategies as cfs
from civicflow.errors import ArgumentError, CivicflowError, SchemaError
from civicflow.exchange._cells import cell_text, cell_time, safe_text
from civicflow.exchange._extras import extra
from civicflow.exchange.documents.ingest import InputError, InputFileError, InputStats
from civicflow.exchange.documents.synth import synth_cases
from civicflow.exchange.tables.files import TableLimits, read_table, table_rows
from civicflow.exchange.tables.mappings import (
    case_of_row,
    cases_of_rows,
    load_mapping,
    mapping_from_data,
    row_of_case,
    shipped_mapping,
)
from civicflow.exchange.tables.writing import export_cases
from tests.fuzzing import refusal

HOTLINE = shipped_mapping("hotline-12345")
URBAN = shipped_mapping("urban-management")
KINDS = (("hotline", HOTLINE), ("urban", URBAN))


@pytest.mark.parametrize(("kind", "mapping"), KINDS)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_an_export_reads_back_to_the_same_cases(
    tmp_path: Path, kind: str, mapping: Any, suffix: str
) -> None:
    cases = list(synth_cases(200, seed=4, kind=kind))
    path = tmp_path / f"export{suffix}"
    written, left_out = export_cases(cases, mapping, path)
    assert written + left_out == len(cases)
    assert written > 150
    stats = InputStats()
    back = [c for _, c in read_table(path, mapping, stats=stats)]
    assert back == [c for c in cases if row_of_case(c, mapping) is not None]
    assert (stats.cases, stats.bad, stats.blank) == (written, 0, 0)


@pytest.mark.parametrize("reader", ["csv", "parquet", "excel"])
def test_a_dataframe_of_an_export_reads_to_the_same_cases(tmp_path: Path, reader: str) -> None:
    cases = list(synth_cases(120, seed=5))
    suffix = {"csv": ".csv", "parquet": ".parquet", "excel": ".xlsx"}[reader]
    path = tmp_path / f"export{suffix}"
    export_cases(cases, HOTLINE, path)
    if reader == "csv":
        frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    elif reader == "parquet":
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_excel(path, engine="calamine")
    back = [c for _, c in read_table(frame, HOTLINE)]
    assert back == [c for c in cases if row_of_case(c, HOTLINE) is not None]


def plain_history(case: cf.Case) -> bool:
    times = [e.at for e in case.history]
    return all(a < b for a, b in itertools.pairwise(times))


@settings(max_examples=200, deadline=None)
@given(
    cfs.cases(
        cf.hotline_workflow(), types=["投诉", "咨询", ""], urgencies=["normal", "urgent"]
    ).filter(plain_history)
)
def test_a_row_holds_what_its_case_holds(case: cf.Case) -> None:
    row = row_of_case(case, HOTLINE)
    if row is None:  # an event twice, a reclassification, a note or a channel
        return
    assert case_of_row(row, HOTLINE, 2) == case


def test_an_empty_time_is_an_event_that_did_not_happen_and_order_is_by_time() -> None:
    row = {"工单编号": "A", "受理时间": "2025-09-29 09:00", "签收时间": "2025-09-29 10:00",
           "派单时间": "2025/9/29 9:30", "办结时间": None, "回访时间": float("nan"), "延期时长": ""}  # fmt: skip
    case = case_of_row(row, HOTLINE, 7)
    assert [e.name for e in case.history] == ["dispatch", "sign_for"]
    assert [e.id for e in case.history] == ["e0", "e1"]


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("2025-13-01 09:00", "is not a date and time"),
        ("2025-09-29", "a date without a time of day"),
        (45567.5, "is a number, not a date and time"),
        (dt.date(2025, 9, 29), "a date without a time of day"),
        ("下午三点", "is not a date and time"),
    ],
)
def test_a_time_that_does_not_parse_names_its_row_and_column(cell: Any, problem: str) -> None:
    row = {"工单编号": "A", "受理时间": "2025-09-29 09:00", "签收时间": cell}
    with pytest.raises(InputError, match=problem) as caught:
        case_of_row(row, HOTLINE, 12)
    assert caught.value.line == 12
    assert caught.value.unit == "row"
    assert "row 12: column 签收时间:" in str(caught.value)


def test_a_row_names_every_problem_and_the_event_its_workflow_refuses() -> None:
    with pytest.raises(InputError) as caught:
        case_of_row({"工单编号": "", "受理时间": "x", "签收时间": "y"}, HOTLINE, 3)
    assert len(caught.value.problems) == 3
    refused = {"工单编号": "A", "受理时间": "2025-09-29 09:00", "办结时间": "2025-09-29 10:00"}
    with pytest.raises(InputError, match=r"column 办结时间 \(close at 2025-09-29 10:00:00\)"):
        case_of_row(refused, HOTLINE, 4)


def test_times_in_the_common_chinese_forms() -> None:
    assert cell_time("2025年9月29日 9时05分") == dt.datetime(2025, 9, 29, 9, 5)
    assert cell_time("2025/09/29 09:05:07") == dt.datetime(2025, 9, 29, 9, 5, 7)
    assert cell_time("2025.9.29 9:05") == dt.datetime(2025, 9, 29, 9, 5)
    assert cell_time("2025-09-29T09:05+08:00") == dt.datetime(
        2025, 9, 29, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=8))
    )
    assert cell_time(pd.Timestamp("2025-09-29 09:05")) == dt.datetime(2025, 9, 29, 9, 5)
    assert cell_time(pd.NaT) is None
    assert cell_text(20250001.0) == "20250001"
    assert cell_text(float("nan")) == ""


def test_rows_are_never_dropped_without_being_counted() -> None:
    header = list(HOTLINE.needed)
    rows = [
        (2, {"工单编号": "A", "受理时间": "2025-09-29 09:00"}),
        (3, {"工单编号": "", "受理时间": ""}),  # blank
        (4, {"工单编号": "B", "受理时间": "soon"}),  # bad
        (5, {"工单编号": "C", "受理时间": "2025-09-29 10:00"}),
    ]
    stats, bad = InputStats(), list[InputError]()
    cases = list(cases_of_rows(header, rows, HOTLINE, on_bad=bad.append, stats=stats))
    assert [c.id for _, c in cases] == ["A", "C"]
    assert [e.line for e in bad] == [4]
    assert stats.lines == stats.blank + stats.case_lines + stats.bad_lines == 4
    with pytest.raises(InputError, match="row 4"):
        list(cases_of_rows(header, rows, HOTLINE))


def test_a_table_lacking_columns_names_them_all() -> None:
    stats = InputStats()
    with pytest.raises(InputFileError, match="no column 工单编号, 受理时间") as caught:
        list(cases_of_rows(["编号"], [], HOTLINE, stats=stats))
    assert "its columns: 编号" in str(caught.value)
    assert (caught.value.line, caught.value.lines, caught.value.unit) == (1, 0, "row")
    assert (stats.bad, stats.bad_lines, stats.lines) == (1, 0, 0)
    with pytest.raises(InputFileError, match="its columns: none"):
        list(cases_of_rows([], [], HOTLINE))


def test_a_mapping_names_every_problem_at_once() -> None:
    with pytest.raises(SchemaError) as caught:
        mapping_from_data(
            {
                "workflow": "hotline-12345", "received": "受理时间", "colour": "x",
                "fields": {"type": "类型"},
                "events": {"sign_for": "签收时间", "fly": "起飞时间", "approve_extension": "延期",
                           "close": "签收时间"},
                "values": {"nothing": {}}, "defaults": {"grid": "x"},
            }
        )  # fmt: skip
    problems = "\n".join(caught.value.problems)
    for expected in ("$.colour: unknown key", "$.id: required", "$.fields.type",
                     "no event 'fly'", "approve_extension", "column '签收时间' is read already",
                     "$.values.nothing", "$.defaults.grid"):  # fmt: skip
        assert expected in problems
    with pytest.raises(SchemaError, match="unknown workflow 'nope'"):
        mapping_from_data({"workflow": "nope", "id": "a", "received": "b", "events": {"x": "y"}})


def test_a_mapping_file_in_toml_or_json(tmp_path: Path) -> None:
    toml = tmp_path / "m.toml"
    toml.write_text(
        'workflow = "hotline-12345"\nid = "编号"\nreceived = "时间"\n[events]\nsign_for = "签收"\n',
        encoding="utf-8",
    )
    json_ = tmp_path / "m.json"
    json_.write_text(
        '{"workflow": "hotline-12345", "id": "编号", "received": "时间", "events": {"sign_for": "签收"}}',
        encoding="utf-8",
    )
    assert load_mapping(toml).needed == load_mapping(json_).needed == ("编号", "时间", "签收")
    (tmp_path / "bad.toml").write_text("workflow = ", encoding="utf-8")
    with pytest.raises(SchemaError, match="not TOML"):
        load_mapping(tmp_path / "bad.toml")
    with pytest.raises(KeyError, match="hotline-12345, urban-management"):
        shipped_mapping("nope")


def test_formula_looking_text_stays_text(tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://example.com","点我")'
    case = cf.Case.open(
        cf.hotline_workflow(), "+1-2", dt.datetime(2025, 9, 29, 9), fields={"department": evil}
    )
    csv_path, xlsx_path = tmp_path / "e.csv", tmp_path / "e.xlsx"
    export_cases([case], HOTLINE, csv_path)
    export_cases([case], HOTLINE, xlsx_path)
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "'+1-2" in text
    with zipfile.ZipFile(xlsx_path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # a string cell, never a formula
    calamine = pytest.importorskip("python_calamine")
    rows = list(
        calamine.CalamineWorkbook.from_path(str(xlsx_path)).get_sheet_by_index(0).iter_rows()
    )
    assert evil in rows[1]
    assert safe_text("-3") == "'-3"
    assert safe_text("\tx") == "'\tx"


def test_a_workbook_that_unpacks_to_far_more_than_its_size_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet>" + " " * 50_000_000 + "</worksheet>")
    assert bomb.stat().st_size < 200_000
    with pytest.raises(InputFileError, match="would unpack to 50,000,031 bytes"):
        read_table(bomb, HOTLINE)


def test_a_sheet_past_the_row_or_column_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    export_cases(synth_cases(100, seed=1), HOTLINE, path)
    with pytest.raises(InputFileError, match="past the limits"):
        read_table(path, HOTLINE, limits=TableLimits(rows=50))
    with pytest.raises(InputFileError, match="past the limits"):
        read_table(path, HOTLINE, limits=TableLimits(columns=10))
    assert len(list(read_table(path, HOTLINE))) > 0


def test_a_file_that_is_not_what_its_suffix_says(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("工单编号,受理时间\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"not an \.xlsx workbook"):
        read_table(fake, HOTLINE)
    pq = tmp_path / "fake.parquet"
    pq.write_bytes(b"PAR1 nonsense")
    with pytest.raises(InputFileError, match="cannot be read as Parquet"):
        read_table(pq, HOTLINE)
    with pytest.raises(ArgumentError, match=r"\.csv, \.xlsx or \.parquet"):
        read_table(tmp_path / "cases.ods", HOTLINE)
    with pytest.raises(ArgumentError, match="DataFrame"):
        read_table([1, 2], HOTLINE)


def test_a_missing_extra_is_named() -> None:
    with pytest.raises(ArgumentError, match=r"pip install 'civicflow\[excel\]'"):
        extra("no_such_module_here", "excel", "reading .xlsx")


def test_a_header_with_a_column_twice_or_unnamed(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("工单编号,受理时间,受理时间,\nA,2025-09-29 09:00,,\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="appears twice"):
        read_table(path, HOTLINE)
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(InputFileError, match="empty"):
        read_table(tmp_path / "e.csv", HOTLINE)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(HOTLINE.needed),
        st.one_of(
            st.none(),
            st.text(max_size=20),
            st.floats(),
            st.integers(),
            st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2030, 1, 1)),
            st.dates(),
        ),
    )
)
def test_any_row_gives_a_case_or_a_row_error(row: dict[str, Any]) -> None:
    try:
        case = case_of_row(row, HOTLINE, 2)
    except InputError as e:
        error = e
    else:
        assert isinstance(case, cf.Case)
        return
    assert error.unit == "row"


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["workflow", "id", "received", "events", "fields", "values",
                                        "defaults", "type", "name", "x"]),
                       st.one_of(st.text(max_size=8), st.dictionaries(st.text(max_size=6),
                                                                      st.text(max_size=6))),
                       ))  # fmt: skip
def test_any_mapping_data_gives_a_mapping_or_a_schema_error(data: dict[str, Any]) -> None:
    with contextlib.suppress(SchemaError):
        mapping_from_data(data)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([".csv", ".xlsx", ".parquet"]))
def test_any_file_reads_or_fails_with_a_civicflow_error(data: bytes, suffix: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"t{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(CivicflowError):
            list(read_table(path, HOTLINE, on_bad=lambda e: None))


def test_a_report_csv_keeps_formula_looking_groups_as_text() -> None:
    from civicflow.compliance import RATE_BOOKS, report_cases
    from civicflow.exchange.reports.formats import report_csv

    case = cf.Case.open(
        cf.hotline_workflow(), "A", dt.datetime(2025, 9, 29, 9), fields={"department": "=1+1"}
    )
    report = report_cases([case], dt.datetime(2025, 10, 1), by=("department",))
    assert "\n'=1+1," in report_csv(report, RATE_BOOKS["jinhua"])


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.sampled_from([".toml", ".json"]))
def test_any_mapping_file_loads_or_fails_with_a_schema_error(text: str, suffix: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"m{suffix}"
        path.write_text(text, encoding="utf-8")
        with contextlib.suppress(SchemaError):
            load_mapping(path)


def test_a_polars_dataframe_reads_to_the_same_cases(tmp_path: Path) -> None:
    import polars as pl

    cases = list(synth_cases(100, seed=5))
    path = tmp_path / "export.parquet"
    export_cases(cases, HOTLINE, path)
    back = [c for _, c in read_table(pl.read_parquet(path), HOTLINE)]
    assert back == [c for c in cases if row_of_case(c, HOTLINE) is not None]


def test_a_csv_export_in_gb18030(tmp_path: Path) -> None:
    cases = list(synth_cases(60, seed=6))
    utf8, gbk = tmp_path / "u.csv", tmp_path / "g.csv"
    export_cases(cases, HOTLINE, utf8)
    gbk.write_bytes(utf8.read_text(encoding="utf-8-sig").encode("gb18030"))
    expected = [c for c in cases if row_of_case(c, HOTLINE) is not None]
    assert [c for _, c in read_table(gbk, HOTLINE, encoding="gb18030")] == expected
    with pytest.raises(InputFileError, match="pass --encoding gb18030"):
        list(read_table(gbk, HOTLINE))


def test_a_workbook_whose_first_rows_are_blank_is_read_from_its_header(tmp_path: Path) -> None:
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = tmp_path / "t.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(1, 0, ["a", "b"])  # the header on the second row, the first left blank
    sheet.write_row(2, 0, ["1", "2"])
    sheet.write_row(4, 0, ["3", "4"])  # a blank row between: numbered as the sheet shows
    book.close()
    header, rows = table_rows(path)
    assert header == ["a", "b"]
    assert list(rows) == [
        (3, {"a": "1", "b": "2"}),
        (4, {"a": None, "b": None}),
        (5, {"a": "3", "b": "4"}),
    ]
    blank = tmp_path / "blank.xlsx"
    book = xlsxwriter.Workbook(str(blank))
    book.add_worksheet().write_row(3, 0, ["", ""])
    book.close()
    with pytest.raises(InputFileError, match=r"^row 1: the table is empty: it has no header row$"):
        table_rows(blank)


def test_utf8_with_its_mark_read_as_gb18030_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_bytes("\ufeff工单编号,受理时间\nA,2025-09-29 09:00\n".encode())
    with pytest.raises(InputFileError) as info:
        table_rows(path, encoding="gb18030")
    assert str(info.value) == (
        "line 1: the file begins with UTF-8's byte-order mark, so it is UTF-8 text, not "
        "gb18030: pass --encoding utf-8 (the default)"
    )
    header, rows = table_rows(path)
    rows.close()
    assert header == ["工单编号", "受理时间"]  # read as UTF-8, the mark dropped


def test_a_mapping_name_that_is_neither_shipped_nor_a_file_lists_the_shipped_ones() -> None:
    with pytest.raises(cf.NotFoundError) as info:
        load_mapping("hotline")
    assert str(info.value) == (
        "no shipped mapping 'hotline' and no such file; the shipped mappings are: "
        "hotline-12345, urban-management, or give a mapping file (.toml or .json)"
    )
    with pytest.raises(cf.NotFoundError, match=r"^no mapping file 'hotline\.toml' and no such"):
        load_mapping("hotline.toml")  # a file name, with its suffix: the file is missing


def test_a_json_mapping_with_a_key_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{"workflow": "hotline-12345", "workflow": "urban-management"}')
    with pytest.raises(SchemaError, match="the key 'workflow' is given twice in one object"):
        load_mapping(path)


#: The columns of the hotline export whose cells a case keeps as they are: its fields and
#: the times of its events.
KEPT = ("承办单位", "所属网格", "派单时间", "签收时间", "开始办理时间", "办理反馈时间", "回访时间", "办结时间")  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(range(60)),
    st.sampled_from(KEPT),
    st.one_of(
        st.none(),
        st.text(alphabet="城管局区街道ABC123", min_size=1, max_size=6),
        st.datetimes(dt.datetime(2025, 1, 1), dt.datetime(2026, 6, 30)).map(
            lambda t: t.replace(second=0, microsecond=0)
        ),
    ),
)
def test_a_cell_is_in_its_case_or_its_row_is_refused(n: int, column: str, value: Any) -> None:
    """Loss: a row with one cell changed reads to a case whose own row holds that cell as it
    was given, or is refused naming the row; never a case that dropped or changed it."""
    case = list(synth_cases(60, seed=4))[n]
    row = row_of_case(case, HOTLINE)
    if row is None:
        return
    is_time = column.endswith("时间")
    if is_time != isinstance(value, dt.datetime) and value is not None:
        return  # a time in a text column, or text in a time column: the readers' own tests
    row[column] = value
    refused = refusal(lambda: case_of_row(row, HOTLINE, 2), InputError)
    if refused is not None:
        assert isinstance(refused, InputError)
        assert refused.unit == "row"
        return
    back = row_of_case(case_of_row(row, HOTLINE, 2), HOTLINE)
    assert back is not None
    assert back[column] == (None if value in (None, "") else value)
