"""How fast `govreport check` is: whole process against a bare import, warm check against a bare read.

    python benchmarks/bench_check.py [workbook.xlsx] [--repeat N]

Goals (issue 2, item 10; issue 12, item 6): the whole `govreport check --format json` process at most 2x the
time Python needs to import click, rich and python-calamine, the default (text) output at most 2.5x; a warm
check_file at most 3x a bare python-calamine read of the same file.
Prints the figures; asserts nothing (tests never assert on time).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYCACHE = os.path.join(os.environ.get("TMPDIR", "/tmp"), "govreport-bench-pycache")
DEMO = ROOT / "workbooks" / "老城区商务和工业信息化局2021年政府信息公开工作年度报告.xlsx"


def _median_runs(cmds: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Median wall time of each command, run in turns so that load on the machine hits all alike."""
    # Bytecode cached as an installed package would have it (this machine sets PYTHONDONTWRITEBYTECODE),
    # in a private folder so the source tree stays clean.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": PYCACHE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for cmd in cmds.values():
        subprocess.run(cmd, capture_output=True, env=env)  # write the bytecode, warm the file cache
    for _ in range(repeat):
        for k, cmd in cmds.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, env=env)
            times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def _median_call(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEMO))
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    path = Path(args.path)
    py = sys.executable

    base_name = "python -c 'import click, rich, python_calamine'"
    cmds = {base_name: [py, "-c", "import click, rich, python_calamine"]}
    for fmt in ("json", "text"):
        cmds[f"govreport check --format {fmt}"] = [py, "-m", "govreport", "check", str(path), "--format", fmt]
    med = _median_runs(cmds, args.repeat)
    base = med[base_name]
    print(f"整个进程（中位数，{args.repeat} 轮交替运行）：{path.name}")
    goals = {"json": "2", "text": "2.5"}
    for name, t in med.items():
        goal = goals[name.rsplit(" ", 1)[-1]] if name != base_name else ""
        ratio = "" if name == base_name else f"   {t / base:.2f}×（目标 ≤ {goal}×）"
        print(f"  {name:<50} {t * 1000:8.1f} ms{ratio}")

    sys.path.insert(0, str(ROOT))
    import python_calamine as pc

    from govreport import check_file

    def bare() -> None:
        wb = pc.CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        wb.close()

    n = args.repeat * 10
    t_bare = _median_call(bare, n)
    t_check = _median_call(lambda: check_file(path), n)
    print(f"进程内、已预热（中位数，{n} 次）：")
    print(f"  {'python-calamine 读取全部工作表':<44} {t_bare * 1000:8.2f} ms")
    print(
        f"  {'check_file（读取＋安全检查＋定位＋检查）':<40} {t_check * 1000:8.2f} ms   "
        f"{t_check / t_bare:.2f}×（目标 ≤ 3×）"
    )


if __name__ == "__main__":
    main()
