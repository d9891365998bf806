"""Golden outputs: what the CLI prints for every workbook tests/cases builds, to prove a refactor changes nothing.

    python scripts/golden.py OUTDIR     # then: diff -r OUTDIR_before OUTDIR_after

For each case: `check --format json`, `check` text at width 100, `fill --dry-run --format json`; the same for
each case typed into a Word document (the national template for 2021, the template's tables for 2019) and for
the real documents under tests/data (a WPS .docx and PDF, web pages, text copies); over the folder of all
cases: `batch --format json`, `--format csv`, and the summary workbook's cell values.
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
    docs = work / "docs"
    docs.mkdir()
    _documents(books, docs, work / "build")

    def run(args: list[str]) -> str:
        res = CliRunner().invoke(cli, args, catch_exceptions=False)
        text = res.output.replace(str(work), "<DIR>")
        text = re.sub(r"\"seconds\": [0-9.]+", '"seconds": S', text)
        text = re.sub(r"用时 [0-9.]+ 秒（[0-9,]+ 个/秒", "用时 S 秒（N 个/秒", text)
        return f"exit={res.exit_code}\n{text}"

    for book in [*sorted(books.iterdir()), *sorted(docs.iterdir())]:
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


def _documents(books: Path, docs: Path, build: Path) -> None:
    """Each case without formulas typed into a Word document, and the real documents of tests/data."""
    from docbuild import TEMPLATE_2021, book_blocks, fill_docx, grid_docx, template_cells, text_of

    from govreport.check.run import check_file
    from govreport.forms import get_form
    from govreport.read.spreadsheet import open_book
    from govreport.template import Layout, write_report

    tpl = template_cells()
    for book in sorted(books.iterdir()):
        report = check_file(book)
        if report.unreadable or report.form not in ("2019", "2021"):
            continue
        cells = [(t.key, i) for t in report.tables for i in t.cells.values()]
        if any(i.formula is not None for _k, i in cells):
            continue
        values = {(k, i.row, i.column): i.value.raw for k, i in cells}
        out = docs / f"{book.stem}.docx"
        if report.form == "2021":
            if all(k in tpl for k in values):
                fill_docx(TEMPLATE_2021, out, {tpl[k]: text_of(v) for k, v in values.items()})
            continue
        sections = build / f"{book.stem}.sections.xlsx"
        write_report(
            sections,
            get_form(report.form),
            {k: (None if v == "" else v) for k, v in values.items()},
            layout=Layout(one_sheet=False, title_rows=0),
            agency="测试局",
            year=2019,
        )
        grid_docx(out, book_blocks(open_book(sections), book.stem))
    data = ROOT / "tests" / "data"
    for src in sorted([*data.glob("*.docx"), *data.glob("*.pdf"), *(data / "pages").iterdir()]):
        if src.suffix in (".docx", ".pdf", ".html", ".txt"):
            shutil.copyfile(src, docs / src.name)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
