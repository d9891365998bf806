"""fill on an .xls or .ods input: a new .xlsx with values, merged cells and widths, and the losses named."""

import random

import openpyxl
import pytest
from conftest import soffice_convert, soffice_or_skip
from samples import consistent_values

from govreport.fill.run import fill_file
from govreport.forms import get_form
from govreport.template import Layout


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    soffice_or_skip()
    d = tmp_path_factory.mktemp("carry")
    from govreport.template import write_report

    vals = consistent_values(get_form("2021"), random.Random(21), zero_share=0.2)
    key = ("requests", "refused_process", "research")
    good = vals[key]
    vals[key] = good + 4
    vals[("requests", "granted", "total")] = None
    src = d / "某局2021年政府信息公开工作年度报告.xlsx"
    where = write_report(src, get_form("2021"), vals, layout=Layout(one_sheet=False))
    out = {"xlsx": src}
    for fmt in ("xls", "ods"):
        sub = d / fmt
        sub.mkdir()
        [converted] = soffice_convert([src], fmt, sub)
        out[fmt] = converted
    return out, where, key, good


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_fill_carries_xls_and_ods_into_xlsx(sources, fmt, tmp_path):
    files, where, key, good = sources
    src = files[fmt]
    before = src.read_bytes()
    out = tmp_path / "校正.xlsx"
    result = fill_file(src, out)
    assert result.error is None, result.error
    assert src.read_bytes() == before
    assert out.exists() and result.output is not None
    assert result.output.status == "ok", [f.message for f in result.output.findings]
    assert any(f"原文件是 .{fmt} 格式" in d for d in result.dropped)
    wb = openpyxl.load_workbook(out)
    sheet, a1 = where[key].split("!")
    assert wb[sheet][a1].value == good
    original = openpyxl.load_workbook(files["xlsx"])
    for name in original.sheetnames:
        assert {str(r) for r in wb[name].merged_cells.ranges} == {
            str(r) for r in original[name].merged_cells.ranges
        }
        widths = {k: round(v.width) for k, v in original[name].column_dimensions.items() if v.width}
        assert {k: round(wb[name].column_dimensions[k].width) for k in widths} == widths
    assert "校验报告" in wb.sheetnames


def test_carried_output_must_be_xlsx(sources, tmp_path):
    files, *_ = sources
    result = fill_file(files["xls"], tmp_path / "x.xlsm")
    assert result.error and ".xlsx" in result.error and result.exit_code == 2
