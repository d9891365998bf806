"""A batch as a byte stream, JSON or CSV: stdout or a file, in UTF-8 whatever the console's code page.

Streamed file by file, so thousands of files' findings never sit in memory at once; CSV with a BOM so that
Excel shows the Chinese. The stream stays open (it may be stdout).
"""

from __future__ import annotations

import io
from typing import IO, Literal

from govreport.batch.result import BatchReport


def write_batch_stream(
    stream: IO[bytes], batch: BatchReport, fmt: Literal["json", "csv"], *, errors_only: bool, fill: bool
) -> None:
    # errors="replace": a file name that is not UTF-8 (GBK from a zip made on Chinese Windows)
    text = io.TextIOWrapper(
        stream, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="", errors="replace"
    )
    try:
        if fmt == "json":
            from govreport.render.jsonout import write_json  # deferred: one of the two formats is written

            write_json(text, batch, errors_only, fill=fill)
        else:
            from govreport.render.csvout import write_csv  # deferred: one of the two formats is written

            write_csv(text, batch, errors_only)
        text.flush()
    finally:
        text.detach()  # the stream stays open: it may be stdout
