"""A batch as JSON, written file by file: the same document json.dumps(batch.to_dict(), indent=2) gives,
without holding every finding of thousands of files in memory at once. With --fill-dir each file also says
what became of its corrected copy ("fill"), as the text output and the exit code do."""

from __future__ import annotations

import json
from typing import IO, Any

from govreport.batch.result import BatchReport, FileResult, select
from govreport.messages import render


def _dumps(obj: Any, depth: int) -> str:
    """obj as json.dumps(indent=2) writes it `depth` levels down in the document."""
    return json.dumps(obj, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def fill_entry(r: FileResult) -> dict[str, Any]:
    """{"path", "written", "error"} for one file of a --fill-dir batch: the copy written, or why not (Chinese)."""
    if r.filled is not None:
        return {"path": r.filled, "written": True, "error": None}
    error = r.fill_error
    if error is None:  # the worker gives no reason where the input itself is the reason
        if r.summary:
            error = render("json-summary-not-filled")
        elif r.status == "unreadable":
            error = render("json-unreadable-not-filled")
        else:
            error = render("batch-fill-not-written")
    return {"path": None, "written": False, "error": error}


def write_json(out: IO[str], batch: BatchReport, errors_only: bool = False, fill: bool = False) -> None:
    """The check envelope plus cross_file and summary, streamed to a text stream; `fill`: the batch ran with
    --fill-dir, so each file carries its "fill" entry."""
    out.write('{\n  "files": [')
    first = True
    for r in select(batch, errors_only):
        d = r.to_dict()
        if fill:
            d["fill"] = fill_entry(r)
        out.write(("\n    " if first else ",\n    ") + _dumps(d, 2))
        first = False
    out.write("]" if first else "\n  ]")
    out.write(',\n  "cross_file": ' + _dumps([c.cross_dict() for c in batch.cross_file], 1))
    summary = batch.summary()
    if fill:
        written = sum(1 for r in batch.files if r.filled is not None)
        summary["fill"] = {"written": written, "not_written": len(batch.files) - written}
    out.write(',\n  "summary": ' + _dumps(summary, 1) + "\n}\n")
