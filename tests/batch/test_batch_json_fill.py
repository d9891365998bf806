"""batch --format json --fill-dir: each file says whether its corrected copy was written, where, or why not."""

import json
import shutil

from click.testing import CliRunner

from govreport.cli.app import cli


def test_json_says_which_copies_were_written_and_why_not(make_report, tmp_path):
    good, _where, _ = make_report()
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(good, root / "a.xlsx")
    shutil.copy(good, root / "b.xlsx")
    (root / "broken.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.xlsx").write_bytes(b"already here")  # b's copy would overwrite it: not written
    result = CliRunner().invoke(
        cli, ["batch", str(root), "--format", "json", "--fill-dir", str(out), "--jobs", "1"]
    )
    assert result.exit_code == 2, result.output  # as the text output: a copy not written
    doc = json.loads(result.stdout)
    fill = {f["path"].rsplit("/", 1)[1]: f["fill"] for f in doc["files"]}
    assert fill["a.xlsx"] == {"path": str(out / "a.xlsx"), "written": True, "error": None}
    assert (out / "a.xlsx").exists()
    assert fill["b.xlsx"]["written"] is False and fill["b.xlsx"]["path"] is None
    assert "已存在，未覆盖" in fill["b.xlsx"]["error"]
    assert fill["broken.xlsx"]["written"] is False and "无法读取" in fill["broken.xlsx"]["error"]
    assert doc["summary"]["fill"] == {"written": 1, "not_written": 2}


def test_json_without_fill_dir_has_no_fill_entry(make_report, tmp_path):
    good, _where, _ = make_report()
    result = CliRunner().invoke(cli, ["batch", str(good), "--format", "json", "--jobs", "1"])
    doc = json.loads(result.stdout)
    assert "fill" not in doc["files"][0] and "fill" not in doc["summary"]
