"""How fast a published PDF report is checked, beside the same report as .docx, and a batch of PDFs.

    python benchmarks/bench_pdf.py [--repeat N] [--files N]

Goals (issue 17, item 7): the whole process of `check x.pdf` for a real multi-page report at most 1.5 s on this
machine; its ratio to `check x.docx` of the same report, measured in turns in one run; and batch PDFs per second
on 2 cores. Reports measured: the real WPS export in tests/data (6 pages), and the national Word template filled
with one report's values, exported to PDF by LibreOffice Writer (cached as the tests cache it). Prints the
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_check import _median_runs  # noqa: E402
from docbuild import report_docx  # noqa: E402
from samples import consistent_values  # noqa: E402

import govreport  # noqa: E402


def _pages(pdf: Path) -> int:
    import pdfplumber  # deferred: only to count pages

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--files", type=int, default=40, help="PDFs in the batch")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="govreport-bench-pdf-"))
    values = consistent_values(govreport.get_form("2021"), random.Random(7))
    docx = report_docx(values, folder / "测试局2021年政府信息公开工作年度报告.docx")
    from pdfbuild import to_pdf  # LibreOffice Writer's export, cached by content

    [made] = to_pdf([docx], folder / "pdf")
    real = ROOT / "tests" / "data" / "wps-hzq2023.pdf"
    py = sys.executable
    runs = {
        "check x.docx (template)": [py, "-m", "govreport", "check", str(docx), "--format", "json"],
        f"check x.pdf (template, {_pages(made)} pages)": [
            py,
            "-m",
            "govreport",
            "check",
            str(made),
            "--format",
            "json",
        ],
        f"check real WPS pdf ({_pages(real)} pages)": [
            py,
            "-m",
            "govreport",
            "check",
            str(real),
            "--format",
            "json",
        ],
    }
    times = _median_runs(runs, args.repeat)
    print(f"整个进程（中位数，{args.repeat} 轮交替运行）：")
    for k, v in times.items():
        print(f"  {k:36s} {v * 1000:8.1f} ms{'   （目标 ≤ 1500 ms）' if 'real' in k else ''}")
    names = list(times)
    print(f"  ratio pdf/docx (same report)        {times[names[1]] / times[names[0]]:5.2f}x")

    batch_dir = folder / "batch"
    batch_dir.mkdir()
    for i in range(args.files):
        shutil.copyfile(real if i % 2 else made, batch_dir / f"{i:03d}_{'甲' if i % 2 else '乙'}局年报.pdf")
    t0 = time.perf_counter()
    subprocess.run(
        [py, "-m", "govreport", "batch", str(batch_dir), "--jobs", "2", "--format", "json"],
        capture_output=True,
        check=False,
    )
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"batch --jobs 2：{args.files} 个 PDF 用时 {dt:.1f} 秒，{args.files / dt:.1f} 个/秒，"
        f"{dt / args.files * 1000:.0f} ms/个；子进程峰值内存 {peak:.0f} MiB"
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
