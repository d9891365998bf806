"""How fast a report in Word is checked: `govreport check x.docx` against `check x.xlsx` of the same report.

    PYTHONPATH=. python benchmarks/bench_docx.py [--repeat N]

Goal (issue 14, item 9): the whole process of `check x.docx` at most 2x `check x.xlsx` for the same report,
run in turns in one run. The .docx is the real WPS national template (tests/data/) holding the values of the
.xlsx, as the tests build it (no LibreOffice needed). Also prints the in-process figures (read, check).
Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_check import _median_call, _median_runs  # noqa: E402
from docbuild import report_docx  # noqa: E402
from samples import consistent_values  # noqa: E402

from govreport.check.run import check_file  # noqa: E402
from govreport.forms import get_form  # noqa: E402
from govreport.read.spreadsheet import open_book  # noqa: E402
from govreport.template import write_report  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="govreport-bench-docx-"))
    values = consistent_values(get_form("2021"), random.Random(7))
    values = {**values, ("requests", "new", "natural_person"): 10_000}  # one error to locate, as in real use
    xlsx = folder / "测试局2021年政府信息公开工作年度报告.xlsx"
    write_report(xlsx, get_form("2021"), values, agency="测试局", year=2021)
    docx = report_docx(values, folder / "测试局2021年政府信息公开工作年度报告.docx")
    py = sys.executable
    runs = {
        "check x.xlsx": [py, "-m", "govreport", "check", str(xlsx), "--format", "json"],
        "check x.docx": [py, "-m", "govreport", "check", str(docx), "--format", "json"],
        "check x.xlsx (tables)": [py, "-m", "govreport", "check", str(xlsx)],
        "check x.docx (tables)": [py, "-m", "govreport", "check", str(docx)],
    }
    times = _median_runs(runs, args.repeat)
    print(
        f"whole process, median of {args.repeat} runs in turns (docx {docx.stat().st_size // 1024} KB, "
        f"xlsx {xlsx.stat().st_size // 1024} KB):"
    )
    for k, v in times.items():
        print(f"  {k:24s} {v * 1000:7.1f} ms")
    for kind in ("", " (tables)"):
        ratio = times[f"check x.docx{kind}"] / times[f"check x.xlsx{kind}"]
        print(f"  ratio docx/xlsx{kind:9s} {ratio:5.2f}x  (goal <= 2x)")
    n = max(args.repeat * 4, 40)
    read_x = _median_call(lambda: open_book(xlsx), n)
    read_d = _median_call(lambda: open_book(docx), n)
    check_x = _median_call(lambda: check_file(xlsx), n)
    check_d = _median_call(lambda: check_file(docx), n)
    print("in process, warm (median):")
    print(
        f"  open_book  xlsx {read_x * 1000:6.2f} ms   docx {read_d * 1000:6.2f} ms   ratio {read_d / read_x:4.2f}x"
    )
    print(
        f"  check_file xlsx {check_x * 1000:6.2f} ms   docx {check_d * 1000:6.2f} ms   ratio {check_d / check_x:4.2f}x"
    )


if __name__ == "__main__":
    main()
