"""fill: example workbooks per kind of change, the written copy, what it keeps and what it reports lost."""

import errno
import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from rich.console import Console

from govreport.cli.app import cli
from govreport.fill.apply import KIND_FILL
from govreport.fill.run import default_output, fill_file
from govreport.locate.find import REPORT_SHEET
from govreport.read.model import parse_a1
from govreport.template import Layout

GRANTED = ("requests", "granted", "natural_person")
PARTIAL = ("requests", "partial", "business")
SECRET = ("requests", "refused_state_secret", "natural_person")
REVIEW_TOTAL = ("appeals", "count", "review_total")
FEES = ("active_fees", "fees", "amount")


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cell(path, where: str):
    sheet, a1 = where.split("!")
    return openpyxl.load_workbook(path)[sheet][a1]


def _kinds(result) -> dict[str, str]:
    return {e.cell: e.kind for e in result.plan.edits}


def test_seed_demo_blank_rows_become_zero(tmp_path):
    from conftest import DEMO

    src = tmp_path / "年报.xlsx"
    src.write_bytes(DEMO.read_bytes())
    result = fill_file(src)
    assert result.out_path == str(tmp_path / "年报_已校正.xlsx")
    assert result.exit_code == 0 and result.output.status == "ok"
    assert len(result.plan.edits) == 21 and {e.kind for e in result.plan.edits} == {"filled"}
    cell = _cell(tmp_path / "年报_已校正.xlsx", "年报!D25")
    assert cell.value == 0 and cell.data_type == "n"
    assert cell.fill.fgColor.rgb.endswith(KIND_FILL["filled"])
    assert "空白 → 0" in cell.comment.text and "唯一确定" in cell.comment.text


@pytest.mark.parametrize(
    "edit, kind, code",
    [
        ({GRANTED: None, PARTIAL: None}, "filled", 0),
        ({SECRET: "无"}, "filled", 0),
        ({GRANTED: "__text__"}, "normalized", 0),
        ({GRANTED: "__plus3__"}, "corrected", 0),
        ({REVIEW_TOTAL: "__plus1__"}, "needs-review", 1),
    ],
)
def test_each_kind_of_change_restores_the_true_value(make_report, edit, kind, code):
    import random

    from samples import consistent_values

    from govreport.forms import get_form

    good = consistent_values(get_form("2021"), random.Random(1))
    edits = {}
    for k, v in edit.items():
        edits[k] = (
            {"__text__": f" {good[k]} ", "__plus3__": good[k] + 3, "__plus1__": good[k] + 1}.get(v, v)
            if isinstance(v, str)
            else v
        )
    path, where, good = make_report(seed=1, edits=edits)
    result = fill_file(path)
    assert result.exit_code == code
    changed = {where[k] for k in edit}
    assert changed <= set(_kinds(result)) and {_kinds(result)[c] for c in changed} == {kind}
    out = result.out_path
    for k in edit:
        cell = _cell(out, where[k])
        assert cell.value == good[k] and cell.data_type == "n"
        assert cell.fill.fgColor.rgb.endswith(KIND_FILL[kind])
    if kind == "needs-review":
        # OUT satisfies the relation; the re-check says a person has to look, as a warning
        assert [f.code for f in result.output.findings] == ["needs-review"]
        assert result.output.findings[0].severity == "warning"
        assert "可能是某一项" in _cell(out, where[REVIEW_TOTAL]).comment.text
    else:
        assert result.output.status == "ok"


def test_text_stored_number_becomes_a_plain_number(make_report):
    """A number stored as text by a leading ' (quotePrefix) or the text format @ is written as a number
    without them: left on, Excel would turn the number back into text as soon as the clerk edits the cell."""
    path, where, good = make_report(seed=1, edits={GRANTED: "7", PARTIAL: "2"})
    wb = openpyxl.load_workbook(path)
    for key, style in ((GRANTED, "quote"), (PARTIAL, "text")):
        sheet, a1 = where[key].split("!")
        wb[sheet][a1].value = str(good[key])
        if style == "quote":
            wb[sheet][a1].quotePrefix = True
        else:
            wb[sheet][a1].number_format = "@"
    wb.save(path)
    result = fill_file(path)
    for key in (GRANTED, PARTIAL):
        cell = _cell(result.out_path, where[key])
        assert cell.value == good[key] and cell.data_type == "n"
        assert not cell.quotePrefix and cell.number_format == "General"


def test_money_in_another_unit_is_converted_exactly_and_flagged(make_report):
    path, where, _ = make_report(seed=1, edits={FEES: "5000元"})
    result = fill_file(path)
    assert _kinds(result) == {where[FEES]: "needs-review"}
    assert str(_cell(result.out_path, where[FEES]).value) == "0.5"
    assert result.exit_code == 1


def _break_formula(path, where, key, drop: str):
    wb = openpyxl.load_workbook(path)
    sheet, a1 = where[key].split("!")
    cell = wb[sheet][a1]
    assert cell.data_type == "f"
    cell.value = cell.value.replace(drop, "")
    wb.save(path)
    return cell.value


def test_wrong_formula_range_is_fixed_and_stays_a_formula(make_report):
    path, where, good = make_report(seed=2, layout=Layout(formulas=True))
    total = ("requests", "granted", "total")
    broken = _break_formula(path, where, total, ":I25")  # =SUM(D25:I25) -> =SUM(D25)
    result = fill_file(path)
    edit = next(e for e in result.plan.edits if e.cell == where[total])
    assert edit.kind == "corrected" and edit.old == broken and edit.new == "=SUM(D25:I25)"
    assert _cell(result.out_path, where[total]).value == "=SUM(D25:I25)"
    assert result.output.status == "ok" and result.exit_code == 0
    # the old formula is quoted in the report sheet as text, never as a live formula
    wb = openpyxl.load_workbook(result.out_path)
    texts = [c for row in wb[REPORT_SHEET].iter_rows() for c in row if c.value == broken]
    assert texts and all(c.data_type == "s" for c in texts)
    with zipfile.ZipFile(result.out_path) as z:
        names = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        report_xml = z.read(sorted(names)[-1]).decode()
    assert "<f>" not in report_xml and broken in report_xml


def test_input_is_byte_identical_and_a_second_fill_changes_nothing(make_report, tmp_path):
    path, where, good = make_report(seed=3, edits={GRANTED: None, SECRET: "—", PARTIAL: "__"})
    before = _digest(path)
    first = fill_file(path)
    assert _digest(path) == before
    second = fill_file(first.out_path, tmp_path / "again.xlsx")
    assert second.plan.edits == [] and second.exit_code == first.exit_code
    wb1, wb2 = openpyxl.load_workbook(first.out_path), openpyxl.load_workbook(tmp_path / "again.xlsx")
    assert wb2.sheetnames == wb1.sheetnames and wb2.sheetnames.count(REPORT_SHEET) == 1
    for ws1 in wb1:
        ws2 = wb2[ws1.title]
        assert [[c.value for c in r] for r in ws1.iter_rows()] == [
            [c.value for c in r] for r in ws2.iter_rows()
        ]


def test_out_keeps_the_formatting_of_the_original(make_report, tmp_path):
    path, where, good = make_report(seed=4, edits={GRANTED: None})
    wb = openpyxl.load_workbook(path)
    ws = wb["年报"]
    untouched = where[("requests", "partial", "natural_person")].split("!")[1]
    ws[untouched].font = Font(name="仿宋", size=13, bold=True, color="FF0000")
    ws[untouched].fill = PatternFill("solid", start_color="FFCCFF", end_color="FFCCFF")
    ws[untouched].comment = Comment("填表人：请核对", "张三")
    edited = where[GRANTED].split("!")[1]
    ws[edited].comment = Comment("原来的批注", "李四")
    ws.column_dimensions["B"].width = 33.5
    dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    dv.add("D23:J47")
    ws.add_data_validation(dv)
    wb.defined_names["合计区"] = DefinedName("合计区", attr_text="年报!$J$23:$J$47")
    other = wb.create_sheet("说明")
    other["A1"] = "本表由办公室填报"
    merged_before = sorted(str(r) for r in ws.merged_cells.ranges)
    wb.save(path)
    result = fill_file(path)
    assert result.dropped == []
    out = openpyxl.load_workbook(result.out_path)
    ows = out["年报"]
    assert ows[untouched].font.name == "仿宋" and ows[untouched].font.b and ows[untouched].font.sz == 13
    assert ows[untouched].fill.fgColor.rgb.endswith("FFCCFF")
    assert ows[untouched].comment.text == "填表人：请核对"
    assert "原来的批注" in ows[edited].comment.text and "govreport" in ows[edited].comment.text
    assert ows.column_dimensions["B"].width == 33.5
    assert [str(d.sqref) for d in ows.data_validations.dataValidation] == ["D23:J47"]
    assert out.defined_names["合计区"].attr_text == "年报!$J$23:$J$47"
    assert out["说明"]["A1"].value == "本表由办公室填报"
    assert sorted(str(r) for r in ows.merged_cells.ranges) == merged_before
    assert out.sheetnames == ["年报", "说明", REPORT_SHEET]
    assert out.calculation.fullCalcOnLoad is True


def test_charts_and_images_are_kept(make_report):
    from openpyxl.chart import BarChart, Reference
    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    path, where, _ = make_report(seed=5, edits={GRANTED: None})
    wb = openpyxl.load_workbook(path)
    ws = wb["年报"]
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=10, min_row=23, max_row=30))
    ws.add_chart(chart, "L2")
    buf = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buf, "PNG")
    ws.add_image(Image(io.BytesIO(buf.getvalue())), "L30")
    wb.save(path)
    result = fill_file(path)
    assert result.dropped == []
    out = openpyxl.load_workbook(result.out_path)["年报"]
    assert len(out._charts) == 1 and len(out._images) == 1


def _inject(path, sheet_xml_extra: bytes):
    """Append an <extLst> to the first worksheet, as Excel writes sparklines (openpyxl cannot make them)."""
    data = {}
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            data[n] = z.read(n)
    name = "xl/worksheets/sheet1.xml"
    data[name] = data[name].replace(b"</worksheet>", sheet_xml_extra + b"</worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in data.items():
            z.writestr(n, b)


SPARKLINES = (
    b'<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    b'<x14:sparklineGroups xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    b"<x14:sparklineGroup><x14:sparklines><x14:sparkline><xm:f>\xe5\xb9\xb4\xe6\x8a\xa5!D23:I23</xm:f>"
    b"<xm:sqref>K23</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup>"
    b"</x14:sparklineGroups></ext></extLst>"
)


def test_sparklines_that_openpyxl_drops_are_reported_everywhere(make_report):
    path, where, _ = make_report(seed=6, edits={GRANTED: None})
    _inject(path, SPARKLINES)
    result = fill_file(path)
    assert result.dropped == ["迷你图 1 处"]
    assert result.to_dict()["dropped"] == ["迷你图 1 处"]
    report = [
        c.value for row in openpyxl.load_workbook(result.out_path)[REPORT_SHEET].iter_rows() for c in row
    ]
    assert "迷你图 1 处" in report
    out = io.StringIO()
    from govreport.render.terminal import print_changes

    print_changes(
        result.plan.edits,
        result.plan.questions,
        Console(file=out, width=100),
        dropped=result.dropped,
        out_path=result.out_path,
    )
    assert "未能保留" in out.getvalue() and "迷你图 1 处" in out.getvalue()


def test_xlsm_keeps_its_macros(make_report, tmp_path):
    path, where, _ = make_report(seed=7, edits={GRANTED: None})
    xlsm = tmp_path / "年报.xlsm"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(xlsm, "w") as dst:
        for n in src.namelist():
            b = src.read(n)
            if n == "[Content_Types].xml":
                b = b.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            dst.writestr(n, b)
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0fake vba")
    result = fill_file(xlsm)
    assert result.out_path.endswith("年报_已校正.xlsm") and result.error is None
    with zipfile.ZipFile(result.out_path) as z:
        assert z.read("xl/vbaProject.bin") == b"\xd0\xcf\x11\xe0fake vba"
    assert result.dropped == []


def test_output_equal_to_input_is_refused_even_with_force(make_report):
    path, _, _ = make_report(seed=8)
    before = _digest(path)
    result = fill_file(path, path, force=True)
    assert result.exit_code == 2 and "就是输入文件" in result.error
    assert _digest(path) == before


def test_existing_output_needs_force(make_report, tmp_path):
    path, _, _ = make_report(seed=8, edits={GRANTED: None})
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"keep me")
    result = fill_file(path, out)
    assert result.exit_code == 2 and "--force" in result.error and out.read_bytes() == b"keep me"
    assert fill_file(path, out, force=True).exit_code == 0


def test_full_disk_gives_a_chinese_error_and_no_half_written_file(make_report, tmp_path, monkeypatch):
    path, _, _ = make_report(seed=9, edits={GRANTED: None})
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("govreport.safe_output.os.replace", full)
    result = fill_file(path, out_dir / "年报_已校正.xlsx")
    assert result.exit_code == 2 and "磁盘空间不足" in result.error
    assert os.listdir(out_dir) == []


def test_dry_run_writes_nothing_but_knows_the_result(make_report, tmp_path):
    path, where, _ = make_report(seed=10, edits={GRANTED: None})
    before = set(os.listdir(path.parent))
    result = fill_file(path, dry_run=True)
    assert set(os.listdir(path.parent)) == before
    assert result.output is not None and result.output.status == "ok" and result.exit_code == 0
    assert [e.cell for e in result.plan.edits] == [where[GRANTED]]


def test_unreadable_input_exits_2(tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a zip")
    result = fill_file(bad)
    assert result.exit_code == 2 and result.output is None
    assert not (tmp_path / "坏_已校正.xlsx").exists()


def test_default_output_names():
    assert default_output("a/年报.xlsx").name == "年报_已校正.xlsx"
    assert default_output("年报.XLSM").name == "年报_已校正.XLSM"


def test_cli_text_shows_changes_and_json_equals_library(make_report, tmp_path):
    path, where, _ = make_report(seed=11, edits={REVIEW_TOTAL: 10**6})
    runner = CliRunner()
    res = runner.invoke(cli, ["fill", str(path), "-o", str(tmp_path / "o.xlsx")])
    assert res.exit_code == 1, res.output
    assert "待人工核实" in res.output and where[REVIEW_TOTAL] in res.output and "已写出校正副本" in res.output
    assert re.search(r"1000000→\d+", res.output)
    res = runner.invoke(
        cli, ["fill", str(path), "-o", str(tmp_path / "o.xlsx"), "--force", "--format", "json"]
    )
    doc = json.loads(res.output)
    lib = fill_file(path, tmp_path / "o2.xlsx")
    expected = json.loads(json.dumps(lib.to_dict(), ensure_ascii=False))
    expected["output"] = str(tmp_path / "o.xlsx")
    expected["files"][0]["path"] = str(tmp_path / "o.xlsx")
    assert doc == expected
    assert doc["changes"][0]["kind"] == "needs-review" and doc["files"][0]["status"] == "warnings"
    assert res.exit_code == 1


def test_cli_dry_run(make_report):
    path, where, _ = make_report(seed=12, edits={GRANTED: None})
    res = CliRunner().invoke(cli, ["fill", str(path), "--dry-run", "--no-tables"])
    assert res.exit_code == 0 and "试运行" in res.output and "将改动 1 个单元格" in res.output
    assert not default_output(path).exists()


def test_report_sheet_lists_findings_and_changes(make_report):
    path, where, _ = make_report(seed=13, edits={GRANTED: 999999})
    result = fill_file(path)
    ws = openpyxl.load_workbook(result.out_path)[REPORT_SHEET]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert where[GRANTED] in flat and "已校正" in flat
    assert any(isinstance(v, str) and "sum-mismatch" == v for v in flat)
    r, c = parse_a1(where[GRANTED].split("!")[1])
    assert r >= 0 and c >= 0


def test_needs_review_stays_visible_to_a_later_check_until_reviewed(make_report, tmp_path):
    import random

    import openpyxl
    from samples import consistent_values

    from govreport.check.run import check_file
    from govreport.fill.run import fill_file
    from govreport.forms import get_form

    vals = consistent_values(get_form("2021"), random.Random(2))
    key = ("appeals", "count", "review_total")
    path, where, good = make_report(values=vals, edits={key: vals[key] + 1})
    out = tmp_path / "out.xlsx"
    assert fill_file(path, out).exit_code == 1
    later = check_file(out)  # e.g. the supervisor's batch, without the fill result
    [f] = [f for f in later.findings if f.code == "needs-review"]
    assert f.cell == where[key] and f.severity == "warning"
    assert fill_file(out, tmp_path / "again.xlsx").exit_code == 1  # still pending: a second fill says so
    wb = openpyxl.load_workbook(out)  # a person reviewed it and removed the line from the report sheet
    ws = wb["校验报告"]
    for row in ws.iter_rows():
        if row[0].value == where[key]:
            for c in row:
                c.value = None
    wb.save(out)
    assert not [f for f in check_file(out).findings if f.code == "needs-review"]


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".txt"])
def test_fill_opens_its_input_once(tmp_path, monkeypatch, suffix):
    """issue 12, item 3: fill reads the input's bytes once and hands them (and the Book) along."""
    import builtins
    import os
    import shutil

    from govreport.fill.run import fill_file

    src = next((Path(__file__).resolve().parents[2] / "workbooks").glob(f"老城区*{suffix}"))
    p = tmp_path / f"年报{suffix}"
    shutil.copy(src, p)
    opened: list[str] = []
    real_os_open, real_open = os.open, builtins.open

    def os_open(path, *a, **kw):
        if os.fspath(path) == str(p):
            opened.append("os.open")
        return real_os_open(path, *a, **kw)

    def py_open(file, *a, **kw):
        if not isinstance(file, int) and os.fspath(file) == str(p):
            opened.append("open")
        return real_open(file, *a, **kw)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", py_open)
    result = fill_file(p)
    monkeypatch.undo()
    assert result.error is None and result.output is not None, result.error
    assert opened == ["os.open"], opened
