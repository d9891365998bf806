"""Golden outputs: what the CLI prints for every workbook tests/cases builds, to prove a refactor changes nothing.

    python scripts/golden.py OUTDIR     # then: diff -r OUTDIR_before OUTDIR_after

For each case: `check --format json`, `check` text at width 100, `fill --dry-run --format json`; over the
folder of all cases: `batch --format json`, `--format csv`, and the summary workbook's cell values.
Paths are replaced by <DIR> so that two runs compare byte for byte.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

os.environ["COLUMNS"] = "100"
os.environ["NO_COLOR"] = "1"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from casebuild import CASES, case_workbook  # noqa: E402
from click.testing import CliRunner  # noqa: E402

try:
    from govreport.cli.app import cli
except ImportError:  # before the house moves (golden outputs of the old layout)
    from govreport.cli import cli  # type: ignore[no-redef]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="golden_"))
    books = work / "books"
    books.mkdir()
    for case in sorted(p for p in CASES.iterdir() if (p / "expected.json").is_file()):
        tmp = work / "build" / case.name
        tmp.mkdir(parents=True)
        src = case_workbook(case, tmp)
        dst = books / f"{case.name}{src.suffix}"
        shutil.copyfile(src, dst)
    for wb in sorted((ROOT / "workbooks").glob("*.xls*")):
        shutil.copyfile(wb, books / wb.name)

    def run(args: list[str]) -> str:
        res = CliRunner().invoke(cli, args, catch_exceptions=False)
        text = res.output.replace(str(work), "<DIR>")
        text = re.sub(r"\"seconds\": [0-9.]+", '"seconds": S', text)
        text = re.sub(r"用时 [0-9.]+ 秒（[0-9,]+ 个/秒", "用时 S 秒（N 个/秒", text)
        return f"exit={res.exit_code}\n{text}"

    for book in sorted(books.iterdir()):
        stem = book.name
        (out / f"{stem}.check.json").write_text(
            run(["check", "--format", "json", str(book)]), encoding="utf-8"
        )
        (out / f"{stem}.check.txt").write_text(run(["check", str(book)]), encoding="utf-8")
        (out / f"{stem}.fill.json").write_text(
            run(["fill", "--dry-run", "--format", "json", str(book)]), encoding="utf-8"
        )
    (out / "batch.json").write_text(
        run(["batch", "--format", "json", "--jobs", "1", str(books)]), encoding="utf-8"
    )
    (out / "batch.csv").write_text(
        run(["batch", "--format", "csv", "--jobs", "1", str(books)]), encoding="utf-8"
    )
    summary = work / "汇总.xlsx"
    log = run(["batch", "-o", str(summary), "--jobs", "1", str(books)])
    import openpyxl

    lines = [log]
    wb = openpyxl.load_workbook(summary)
    for ws in wb.worksheets:
        lines.append(f"== {ws.title}")
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    lines.append(f"{c.coordinate}\t{str(c.value).replace(str(work), '<DIR>')}")
    (out / "summary.txt").write_text("\n".join(lines), encoding="utf-8")
    shutil.rmtree(work)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
