"""What the reader skipped or renamed (Book.notes) reaches the user: in the JSON as "notes", in the text output."""

from __future__ import annotations

import json
import zipfile

from click.testing import CliRunner
from samples import seed_values

from govreport.check.run import check_file
from govreport.cli.app import cli
from govreport.forms import get_form
from govreport.template import Layout, write_report


def _duplicate_sheet_names(tmp_path):
    """A workbook whose two sheets carry one name (only a tool can write that): the reader renames the second."""
    src = tmp_path / "src.xlsx"
    write_report(
        src, get_form("2021"), seed_values(), layout=Layout(one_sheet=False), agency="某局", year=2021
    )
    out = tmp_path / "同名.xlsx"
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "xl/workbook.xml":
                names = [n.decode() for n in __import__("re").findall(rb'<sheet[^>]*name="([^"]+)"', data)]
                data = data.replace(f'name="{names[1]}"'.encode(), f'name="{names[0]}"'.encode())
            w.writestr(info, data)
    return out


def test_a_renamed_sheet_is_said_in_the_report_the_json_and_the_text(tmp_path):
    path = _duplicate_sheet_names(tmp_path)
    report = check_file(path)
    assert len(report.notes) == 1 and "两个同名工作表" in report.notes[0]
    assert report.status == check_file(tmp_path / "src.xlsx").status  # a note is no problem of the report
    res = CliRunner().invoke(cli, ["check", "--format", "json", str(path)])
    (file,) = json.loads(res.output)["files"]
    assert file["notes"] == report.notes
    res = CliRunner().invoke(cli, ["check", str(path)])
    assert "说明：" in res.output and "两个同名工作表" in res.output


def test_a_workbook_read_in_full_has_no_notes(tmp_path):
    path = tmp_path / "a.xlsx"
    write_report(path, get_form("2021"), seed_values(), agency="某局", year=2021)
    assert check_file(path).notes == []
    res = CliRunner().invoke(cli, ["check", str(path)])
    assert "说明：" not in res.output
