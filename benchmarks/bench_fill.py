"""Fill time per file against a bare openpyxl load + save of the same file, measured in the same run.

    PYTHONPATH=. python benchmarks/bench_fill.py [N] [--repeat R]

Goal: fill (check IN, plan, load + edit + save, inventory of losses, check OUT) at most 1.5× the bare
round trip, in process (N generated files and the bundled example) and as a whole process (issue 12,
item 6: `govreport fill` against `python -c` importing openpyxl, loading and saving, on the bundled
example, the templates and workbooks of tests/cases, run in turns). Not a test: it prints figures.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from govreport import fill_file, get_form
from govreport.template import Layout, write_report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # tests/samples.py: consistent sample values
from samples import consistent_values  # noqa: E402

DEMO = ROOT / "workbooks" / "老城区商务和工业信息化局2021年政府信息公开工作年度报告.xlsx"


def _inputs(folder: Path, n: int) -> list[Path]:
    form = get_form("2021")
    paths = []
    for i in range(n):
        rng = random.Random(i)
        vals = dict(consistent_values(form, rng))
        keys = [k for k in vals if k[0] == "requests"]
        for k in rng.sample(keys, 5):
            vals[k] = None  # blanks to fill
        vals[keys[rng.randrange(len(keys))]] = 999  # and probably a wrong cell
        p = folder / f"r{i}.xlsx"
        write_report(p, form, vals, layout=Layout(formulas=i % 2 == 1), agency="测试局", year=2021)
        paths.append(p)
    demo = folder / "demo.xlsx"
    shutil.copy(DEMO, demo)
    return [demo, *paths]


# Whole-process inputs: real layouts besides bench's generated ones (tests/cases builds more from build.py).
PROCESS_INPUTS = [
    DEMO,
    ROOT / "workbooks" / "模板_2021.xlsx",
    ROOT / "workbooks" / "模板_2019.xlsx",
    *sorted((ROOT / "tests" / "cases").glob("*/*.xlsx")),
]
BUILT_CASES = ["sheet_per_table_typo", "group_subtotal_rows", "handled_total_disagrees", "form2019_year2020"]
PYCACHE = os.path.join(os.environ.get("TMPDIR", "/tmp"), "govreport-bench-pycache")
BARE = "import sys, openpyxl; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])"


def _process_inputs(folder: Path) -> dict[str, Path]:
    """label -> a copy of each input in folder (a built case is built there)."""
    from casebuild import CASES, case_workbook

    paths = {}
    for i, p in enumerate(PROCESS_INPUTS):
        label = p.parent.name if p.parent.parent.name == "cases" else p.name
        paths[label] = folder / f"{i}{p.suffix}"
        shutil.copy(p, paths[label])
    for name in BUILT_CASES:
        tmp = folder / f"build_{name}"
        tmp.mkdir()
        paths[name] = case_workbook(CASES / name, tmp)
    return paths


def main_process(repeat: int) -> None:
    """Median wall time of `govreport fill` and of a bare openpyxl round trip, each a whole process, per file."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": PYCACHE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached as an installed package would have it
    py = sys.executable
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        cmds = {}
        for label, p in _process_inputs(folder).items():
            out = folder / f"{p.stem}_out.xlsx"
            cmds[label] = (
                [py, "-c", BARE, str(p), str(out)],
                [py, "-m", "govreport", "fill", str(p), "-o", str(out), "--force"],
            )
        for pair in cmds.values():  # write the bytecode, warm the file cache
            for cmd in pair:
                subprocess.run(cmd, capture_output=True, env=env)
        times: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in cmds}
        for _ in range(repeat):  # in turns: load on a shared machine hits both alike
            for label, pair in cmds.items():
                for cmd, into in zip(pair, times[label], strict=True):
                    t0 = time.perf_counter()
                    subprocess.run(cmd, capture_output=True, env=env)
                    into.append(time.perf_counter() - t0)
    print(f"整个进程（中位数，{repeat} 轮交替运行）：govreport fill 对比 python -c 导入 openpyxl＋读取＋保存")
    ratios = []
    for label, (bare_t, fill_t) in times.items():
        b, f = statistics.median(bare_t), statistics.median(fill_t)
        ratios.append(f / b)
        print(f"  {label[:36]:<36} openpyxl {b * 1000:7.1f} ms  fill {f * 1000:7.1f} ms  {f / b:.2f}×")
    print(f"  比值中位数 {statistics.median(ratios):.2f}×，最大 {max(ratios):.2f}×（目标 ≤ 1.5×）")


def main(n: int = 20) -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        files = _inputs(folder, n)
        fill_file(files[0], folder / "warm.xlsx")  # imports and caches outside the timing
        # interleaved and best of three rounds: other processes on a shared machine disturb both alike
        bare_runs, fill_runs = [], []
        for _ in range(3):
            b = f = 0.0
            for p in files:
                t0 = time.perf_counter()
                openpyxl.load_workbook(p).save(folder / f"{p.stem}_bare.xlsx")
                t1 = time.perf_counter()
                fill_file(p, folder / f"{p.stem}_filled.xlsx", force=True)
                t2 = time.perf_counter()
                b, f = b + t1 - t0, f + t2 - t1
            bare_runs.append(b / len(files))
            fill_runs.append(f / len(files))
        bare, fill = min(bare_runs), min(fill_runs)
    print(
        f"{len(files)} 个文件：openpyxl 读取+保存 {bare * 1000:.1f} ms/个，fill {fill * 1000:.1f} ms/个，"
        f"比值 {fill / bare:.2f}×（目标 ≤ 1.5×）"
    )


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=20, help="generated files timed in process")
    ap.add_argument("--repeat", type=int, default=5, help="rounds of the whole-process comparison")
    args = ap.parse_args()
    main(args.n)
    main_process(args.repeat)
