"""Benchmark `govreport batch` against a bare python-calamine read loop over the same files.

    PYTHONPATH=. python benchmarks/bench_batch.py            # N = 1,000
    PYTHONPATH=. python benchmarks/bench_batch.py --n 10000

The corpus is generated once per N and kept in the temp folder (govreport-bench-v2-N): N distinct workbooks
(each agency its own title and figures, as in a real collection, so no cache of ours sees the same workbook
twice) in several layouts, both form versions, about 10% with an injected error and 10% with a blank. Prints files/s, ms/file, the ratio and the batch's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

PYCACHE = os.path.join(tempfile.gettempdir(), "govreport-bench-pycache")
LAYOUTS = (
    {},
    {"one_sheet": False},
    {"label_variants": True},
    {"label_variants": True, "variant_set": 1, "other_single_row": True},
    {"formulas": True},
    {"title_rows": 2, "top_offset": 3, "left_offset": 1, "spacer_col": True},
    {"merged_labels": False, "section_titles": False},
)


def _make(i: int, folder: str) -> None:
    from govreport.forms import get_form

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # tests/samples.py
    from samples import consistent_values

    from govreport.template import Layout, write_report

    rng = random.Random(i)
    version = "2019" if i % 5 == 4 else "2021"
    form = get_form(version)
    values = consistent_values(form, rng)
    if i % 10 == 3:  # an injected typo
        key = rng.choice([k for k in values if k[0] == "requests"])
        values[key] = (values[key] or 0) + rng.randint(1, 9)
    if i % 10 == 7:  # a blank
        values[rng.choice([k for k in values if k[0] == "requests"])] = None
    year = 2020 if version == "2019" else 2021 + i % 3
    agency = f"第{i}局"
    write_report(
        Path(folder) / f"{agency}{year}年政府信息公开工作年度报告.xlsx",
        form,
        values,
        layout=Layout(**LAYOUTS[i % len(LAYOUTS)]),
        agency=agency,
        year=year,
    )


def corpus(n: int) -> Path:
    """The cached corpus of n distinct workbooks, 500 to a folder."""
    root = Path(tempfile.gettempdir()) / f"govreport-bench-v2-{n}"
    done = root / ".complete"
    if done.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    folders = [str(root / f"区县{i // 500:03d}") for i in range(n)]
    for f in sorted(set(folders)):
        os.makedirs(f)
    print(f"生成 {n} 个不同的工作簿（只在第一次运行时）……", file=sys.stderr)
    with ProcessPoolExecutor() as pool:
        list(pool.map(_make, range(n), folders, chunksize=50))
    done.touch()
    return root


def files_of(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.xlsx"))


def read_loop(files: list[Path]) -> float:
    """CPU seconds to open every file with calamine and read every sheet to Python values."""
    from python_calamine import CalamineWorkbook

    start = time.process_time()  # CPU: other work on a shared machine does not count
    for p in files:
        wb = CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()
    return time.process_time() - start


SOLVER_CALLS = [0]  # minimal-change searches started during stages(): ordinary files start none


def stages(files: list[Path]) -> dict[str, float]:
    """CPU ms per file of each stage of checking one file, in this process (no pool, no summary workbook).

    Where the time goes tells what the goal asks: the guards and the read alone already cost more than the
    bare read loop, and the check is pure Python."""
    from python_calamine import CalamineWorkbook

    # each stage on its own: these are internal modules on purpose (the public API runs them all at once)
    from govreport import check_book, open_book
    from govreport.batch.run import summarize
    from govreport.locate.find import locate
    from govreport.read.guards import preflight

    def timed(fn, arg):
        start = time.process_time()
        out = fn(arg)
        return out, time.process_time() - start

    def bare(path):
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()

    import govreport.solve.minchange as minchange  # counted, not timed: error location past two cells

    real = minchange.min_change

    def counted(*args, **kw):
        SOLVER_CALLS[0] += 1
        return real(*args, **kw)

    minchange.min_change = counted
    for p in files[:50]:  # the layouts' memos are warm in a long batch
        check_book(open_book(p))
    total = dict.fromkeys(
        (
            "bare calamine read",
            "guards (preflight)",
            "open_book incl. guards",
            "locate",
            "check_book incl. locate",
            "summarize",
        ),
        0.0,
    )
    for p in files:
        total["bare calamine read"] += timed(bare, p)[1]
        total["guards (preflight)"] += timed(preflight, Path(p).read_bytes())[1]
        book, s = timed(open_book, p)
        total["open_book incl. guards"] += s
        total["locate"] += timed(locate, book)[1]
        report, s = timed(check_book, book)
        total["check_book incl. locate"] += s
        total["summarize"] += timed(summarize, report)[1]
    return {k: v / len(files) * 1000 for k, v in total.items()}


def _tree_rss(root_pid: int, cpu: dict[int, float]) -> tuple[int, int]:
    """(sum, max) resident KiB over a process and all its descendants, from /proc (Linux); CPU seconds per
    process into cpu (forkserver workers are no waited-for children of ours, so rusage cannot see them)."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    ticks: dict[int, float] = {}
    hz = os.sysconf("SC_CLK_TCK")
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parent[int(d)] = int(fields[1])
            rss[int(d)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
            ticks[int(d)] = (int(fields[11]) + int(fields[12])) / hz
        except (OSError, IndexError, ValueError):
            continue
    tree, grew = {root_pid}, True
    while grew:
        more = {p for p, pp in parent.items() if pp in tree} - tree
        tree |= more
        grew = bool(more)
    for p in tree:
        cpu[p] = max(cpu.get(p, 0.0), ticks.get(p, 0.0))
    sizes = [rss.get(p, 0) for p in tree]
    return sum(sizes), max(sizes)


def run_batch_cli(root: Path, jobs: int | None) -> tuple[float, int, int, int, float]:
    """Seconds, exit code, peak summed RSS (KiB), peak single-process RSS and CPU seconds of `govreport batch`."""
    cmd = [sys.executable, "-m", "govreport", "batch", str(root)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    # Bytecode cached as an installed package has it (this machine sets PYTHONDONTWRITEBYTECODE), in a
    # private folder so the source tree stays clean; the warm-up run in main() writes it.
    env = dict(
        os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent), PYTHONPYCACHEPREFIX=PYCACHE
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    err = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
    peak_sum = peak_one = 0
    cpu: dict[int, float] = {}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    while proc.poll() is None:
        if sys.platform == "linux":
            total, one = _tree_rss(proc.pid, cpu)
            peak_sum, peak_one = max(peak_sum, total), max(peak_one, one)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    err.seek(0)
    text = err.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1, 2) or "Traceback" in text:
        sys.exit(f"govreport batch failed (exit {proc.returncode}):\n{text}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu[proc.pid] = (
        after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    )  # exact for the main one
    return wall, proc.returncode, peak_sum, peak_one, sum(cpu.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--jobs1", action="store_true", help="also time --jobs 1")
    ap.add_argument(
        "--stages", action="store_true", help="also print CPU ms per file of each stage (in-process)"
    )
    args = ap.parse_args()
    root = corpus(args.n)
    files = files_of(root)
    n = len(files)
    load = os.getloadavg()[0]  # other work on the machine skews every figure below
    read_loop(files[:50])  # warm the page cache and calamine
    run_batch_cli(root / "区县000", None)  # write the bytecode; warm the page cache
    read_s = read_loop(files)
    batch_s, rc, peak_sum, peak_one, batch_cpu = run_batch_cli(root, None)
    # ru_maxrss covers the batch process only: forkserver workers are not our waited-for children
    peak_main = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    read_s2 = read_loop(files)  # again after the batch: the machine's state may have changed
    read_best = min(read_s, read_s2)
    cores = os.cpu_count() or 1
    print(f"files: {n}  (cpu: {cores}, python {sys.version.split()[0]}, load average before: {load:.2f})")
    print(
        f"calamine read loop : {read_best / n * 1000:6.2f} CPU ms/file -> {n / read_best:6.0f} files/s on one core"
    )
    print(
        f"govreport batch    : {batch_cpu / n * 1000:6.2f} CPU ms/file (all processes, incl. start-up) "
        f"-> {cores * n / batch_cpu:6.0f} files/s on {cores} cores"
    )
    print(f"                     wall {batch_s:.1f} s = {n / batch_s:.0f} files/s as measured (exit {rc})")
    print(
        f"ratio batch/read   : {read_best / batch_s:6.2f} wall, {cores * read_best / batch_cpu:6.2f} by CPU "
        f"(goal >= 0.5)"
    )
    print(
        f"peak RSS: all batch processes together {peak_sum / 1024:.0f} MiB, largest one {peak_one / 1024:.0f} MiB, "
        f"main process (ru_maxrss) {peak_main:.0f} MiB"
    )
    if args.jobs1:
        s1, _, _, _, c1 = run_batch_cli(root, 1)
        print(f"govreport batch --jobs 1: {c1 / n * 1000:6.2f} CPU ms/file, wall {n / s1:.0f} files/s")
    if args.stages:
        sample = files[:: max(1, n // 500)]
        figures = stages(sample)
        base = figures["bare calamine read"]
        print(f"stages (CPU ms/file in one process, {len(sample)} files; x = times the bare read):")
        for name, ms in figures.items():
            print(f"  {name:26s} {ms:6.2f}  x{ms / base:4.1f}")
        print(
            f"  minimal-change searches    {SOLVER_CALLS[0]} (error location past two cells; ordinary files: 0)"
        )


if __name__ == "__main__":
    main()
