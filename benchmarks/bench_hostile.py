"""How long govreport takes to answer hostile input, beside a normal check measured in the same run.

    python benchmarks/bench_hostile.py [--repeat N]

These were once timed assertions in the tests (tests/hostile/, tests/batch/test_batch.py); the tests now keep
only generous hang guards, and the figures live here, where a noisy machine cannot fail a build. Goals (what
the assertions said): each case answers within a few seconds, the error-cell scan stays linear
(a 150 KB sheet with a 12,000-attribute cell opens in under 1 s).
Prints per case: median ms, peak memory of the process so far, and the ratio to a plain check of the demo.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # tests/hostile.py: the hostile workbook builders
DEMO = ROOT / "workbooks" / "老城区商务和工业信息化局2021年政府信息公开工作年度报告.xlsx"


def _table_rows(total_cell):
    from govreport.forms import get_form

    rows = [
        ["二、收到和处理政府信息公开申请情况"],
        ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
    ]
    for row in get_form("2021").table("requests").rows:
        if row.kind == "data":
            rows.append([row.label, 1, 0, 0, 0, 0, 0, total_cell(len(rows))])
    return rows


def cases(tmp: Path):
    from hostile import SHEET_HEAD, base_xlsx, mutate

    import govreport
    from govreport import Book, Sheet

    yield "normal: check the demo workbook (baseline)", lambda: govreport.check_file(DEMO)
    cyc = Book("x.xlsx", "xlsx", [Sheet.from_rows("S", _table_rows(lambda r: f"=H{r + 1}+H{r + 2}"))])
    yield "cyclic formulas", lambda: govreport.check_book(cyc)
    rows = _table_rows(lambda r: "=SUM(A1:Z5000)+SUM(AA1:AZ5000)")
    rows += [[f"=SUM(A{i}:Z{i + 3000})" for _ in range(8)] for i in range(200, 400)]
    huge = Book("x.xlsx", "xlsx", [Sheet.from_rows("S", rows)])
    yield "formulas over huge ranges", lambda: govreport.check_book(huge)
    rows = _table_rows(lambda r: 1) + [["说明"] * 2 for _ in range(3000)]
    for r in range(0, 3000, 2):
        rows[r] += [""] * max(0, 21 - len(rows[r]))
        rows[r][20] = "合并说明"
    merged = Book(
        "x.xlsx",
        "xlsx",
        [Sheet.from_rows("S", rows, merged=[(r, 20, r + 60, 80) for r in range(0, 3000, 2)])],
    )
    yield "1,500 overlapping merged ranges", lambda: govreport.check_book(merged)
    attrs = b"".join(b' a%d-t="e"' % i for i in range(12000))
    sheet = (
        SHEET_HEAD
        + b'<sheetData><row r="1"><c r="A1"%s/><c r="B1"><v>1</v></c></row></sheetData></worksheet>' % attrs
    )
    p = mutate(base_xlsx(tmp / "b.xlsx"), tmp / "q.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    yield "a cell with 12,000 attributes (error-cell scan)", lambda: govreport.open_book(p)
    rows_x = b"".join(
        b'<row r="%d"><c r="A%d" t="e"><v>#REF!</v></c><c r="B%d" t="e"/>'
        b'<c r="C%d" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' % (i, i, i, i)
        for i in range(1, 30001)
    )
    many = mutate(
        base_xlsx(tmp / "b2.xlsx"),
        tmp / "many.xlsx",
        {"xl/worksheets/sheet1.xml": SHEET_HEAD + b"<sheetData>" + rows_x + b"</sheetData></worksheet>"},
    )
    yield "90,000 error cells", lambda: govreport.check_file(many)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        runs = list(cases(Path(d)))
        times: dict[str, list[float]] = {name: [] for name, _ in runs}
        for _ in range(args.repeat):  # in turns, so that load on the machine hits every case alike
            for name, run in runs:
                t0 = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - t0)
    base = statistics.median(times[runs[0][0]])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"敌意输入的用时（中位数，{args.repeat} 轮交替运行；进程峰值内存 {peak:.0f} MiB）")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"  {name:<50} {med * 1000:9.1f} ms   {med / base:7.1f}× 正常检查")


if __name__ == "__main__":
    main()
