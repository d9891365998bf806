"""The terminal view of a batch: a progress bar while it runs, then the problem files, cross-file findings,
a summary table and the hit list of finding codes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from govreport.batch.result import BatchReport, FileResult, select
from govreport.findings import CODES
from govreport.messages import render
from govreport.render.grouping import STATUS_TEXT

STATUS_STYLE = {"ok": "green", "warnings": "yellow", "errors": "red", "unreadable": "bold red"}
MARK = {"ok": "✓", "warnings": "!", "errors": "✗", "unreadable": "✗"}  # the status without colour
SKIP_TEXT = {
    k: render(f"skip-{k}")
    for k in ("lock-file", "hidden", "other-type", "folder-link", "govreport-summary", "archive-refused")
}
MAX_LISTED = 200  # problem files listed in the terminal; all of them are in the summary workbook / JSON


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(render("batch-rate", speed=speed) if speed else "", style="cyan")


@contextmanager
def progress_bar(console: Console) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawing a bar on the console when it is a terminal; None (silent) otherwise."""
    if not console.is_terminal:
        yield None
        return
    progress = Progress(
        TextColumn(render("batch-checking")),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        TextColumn(render("batch-remaining")),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task("", total=None)
    with progress:

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def print_batch(batch: BatchReport, console: Console, errors_only: bool = False) -> None:
    """Files with problems (warnings too unless errors_only), cross-file findings, summary, hit list."""
    listed = [r for r in select(batch, errors_only) if r.status != "ok"]
    if listed:
        # One block per file (status, path, then its first problem indented under the path) rather than a
        # five-column table: a long Chinese message in a narrow column took ten lines per file at 80 columns.
        console.print(Text(render("batch-problem-files", n=len(listed)), style="bold"))
        if not console.is_terminal:
            _print_plain(listed[:MAX_LISTED], console, errors_only)
        else:
            _print_grid(listed[:MAX_LISTED], console, errors_only)
        if len(listed) > MAX_LISTED:
            console.print(render("batch-more-files", n=len(listed) - MAX_LISTED))
    cross = [c for c in batch.cross_file if not errors_only or c.severity == "error"]
    if cross:
        console.print(Text(render("batch-cross-file", n=len(cross)), style="bold"))
        if not console.is_terminal:
            for c in cross:  # one line each: a file's output is read and searched, not viewed at a width
                word = render("term-mark-error" if c.severity == "error" else "term-mark-warning")
                console.print(Text(f"{word} {c.message}"), soft_wrap=True)
        else:
            t = Table.grid(padding=(0, 1))
            t.add_column(no_wrap=True)
            t.add_column(overflow="fold")
            for c in cross:
                mark = (
                    (render("term-mark-error"), "red")
                    if c.severity == "error"
                    else (render("term-mark-warning"), "yellow")
                )
                t.add_row(Text(*mark), c.message)
            console.print(t)
    print_totals(batch, console)


def _first(r: FileResult, errors_only: bool) -> tuple[str, int]:
    """A file's first problem (its first error with errors_only), without its name, and how many more."""
    first = next((f for f in r.findings if not errors_only or f.severity == "error"), None)
    problem = _without_name(first.message, r.path) if first else ""
    return problem, len(r.findings) - 1


def _who(r: FileResult) -> str:
    """ "丙局 2021 年": the agency and year the file was identified as."""
    return " ".join(x for x in (r.agency or "", render("summary-year", year=r.year) if r.year else "") if x)


def _print_plain(listed: list[FileResult], console: Console, errors_only: bool) -> None:
    """In a pipe or file: the file on one line, its first problem on the next, never wrapped (a number
    is never split from its words, and each line can be searched)."""
    for r in listed:
        problem, more = _first(r, errors_only)
        who = _who(r)
        console.print(
            Text(f"{MARK[r.status]} {STATUS_TEXT[r.status]} {r.path}" + (f"  {who}" if who else "")),
            soft_wrap=True,
        )
        console.print(
            Text("    " + problem + (render("batch-more-problems", n=more) if more > 0 else "")),
            soft_wrap=True,
        )


def _print_grid(listed: list[FileResult], console: Console, errors_only: bool) -> None:
    """On a terminal: status, then the path with the first problem folded under it."""
    t = Table.grid(padding=(0, 1))
    t.add_column(no_wrap=True)
    t.add_column(overflow="fold")
    for r in listed:
        problem, more = _first(r, errors_only)
        who = _who(r)
        head = Text.assemble((r.path, "bold"), (f"  {who}" if who else "", "dim"))
        body = Text(problem + (render("batch-more-problems", n=more) if more > 0 else ""))
        t.add_row(
            Text(f"{MARK[r.status]} {STATUS_TEXT[r.status]}", style=STATUS_STYLE[r.status]),
            Text.assemble(head, "\n", body),
        )
    console.print(t)


def _without_name(message: str, path: str) -> str:
    """An unreadable file's message starts with its name, which the line above already shows."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return message.removeprefix(f"{name}：")


def print_totals(batch: BatchReport, console: Console) -> None:
    """The closing table: files checked per status, skipped files by reason, the codes by count."""
    counts = batch.counts()
    console.print(
        Text(render("batch-result-title"), style="bold")
    )  # a title line of its own: no padding to the table's width
    t = Table()
    t.add_column(render("summary-item"))
    t.add_column(render("batch-files-column"), justify="right")
    t.add_row(render("batch-files-checked"), str(len(batch.files)))
    for status in ("ok", "warnings", "errors", "unreadable"):
        t.add_row(Text(STATUS_TEXT[status], style=STATUS_STYLE[status]), str(counts[status]))
    for reason, n in sorted(batch.skipped.items()):
        t.add_row(render("batch-skipped", reason=SKIP_TEXT.get(reason, reason)), str(n))
    if batch.cross_file:
        t.add_row(render("batch-cross-file-count"), str(len(batch.cross_file)))
    console.print(t)
    hits = batch.hit_list()
    if hits:
        console.print(Text(render("batch-codes-title"), style="bold"))
        h = Table()
        code_column, count_column, meaning_column = render("batch-codes-columns").split("|")
        h.add_column(code_column)
        h.add_column(count_column, justify="right")
        h.add_column(meaning_column)
        for code, n in hits:
            spec = CODES.get(code)
            h.add_row(
                Text(code, style="red" if spec and spec.severity == "error" else "yellow"),
                str(n),
                spec.title if spec else "",
            )
        console.print(h)
    rate = len(batch.files) / batch.elapsed if batch.elapsed > 0 else 0.0
    console.print(render("batch-elapsed", seconds=batch.elapsed, rate=rate, jobs=batch.jobs))


def print_fill_dir(batch: BatchReport, fill_dir: object, console: Console) -> None:
    """What batch --fill-dir wrote: how many corrected copies, and in red the files whose copy was not written."""
    filled = sum(1 for r in batch.files if r.filled)
    failed = [r for r in batch.files if r.fill_error]
    if filled or not failed:
        console.print(render("batch-filled", folder=fill_dir, n=filled))
    if failed:  # exit code 2, as for fill: said in red, not under a "written" line that looks fine
        head = render("batch-none-filled") if not filled else render("batch-some-not-filled", n=len(failed))
        console.print(render("batch-fill-failed", head=head), style="bold red")
    for r in failed:
        console.print(f"  {r.path}：{r.fill_error}")
