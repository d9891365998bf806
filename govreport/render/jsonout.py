"""A batch as JSON, written file by file: the same document json.dumps(batch.to_dict(), indent=2) gives,
without holding every finding of thousands of files in memory at once."""

from __future__ import annotations

import json
from typing import IO, Any

from govreport.batch import BatchReport, select


def _dumps(obj: Any, depth: int) -> str:
    """obj as json.dumps(indent=2) writes it `depth` levels down in the document."""
    return json.dumps(obj, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def write_json(out: IO[str], batch: BatchReport, errors_only: bool = False) -> None:
    """The check envelope plus cross_file and summary, streamed to a text stream."""
    out.write('{\n  "files": [')
    first = True
    for r in select(batch, errors_only):
        out.write(("\n    " if first else ",\n    ") + _dumps(r.to_dict(), 2))
        first = False
    out.write("]" if first else "\n  ]")
    out.write(',\n  "cross_file": ' + _dumps([c.to_dict() for c in batch.cross_file], 1))
    out.write(',\n  "summary": ' + _dumps(batch.summary(), 1) + "\n}\n")
