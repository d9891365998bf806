"""Batch findings as CSV: one row per finding, UTF-8 with a BOM (Excel then shows the Chinese).

Cells are escaped against formula injection: a text starting with = + - @, a tab or a carriage return
gets a leading single quote, so a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import csv
import io
from typing import IO

from govreport.batch.result import BatchReport, select

HEADER = ("file", "agency", "year", "status", "severity", "code", "cell", "message")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> str:
    """A cell's text, quoted when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_DANGEROUS) else text


def write_csv(out: IO[str], batch: BatchReport, errors_only: bool = False) -> None:
    """Write the batch's findings (file findings, then cross-file ones) as CSV rows to a text stream."""
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(HEADER)
    for r in select(batch, errors_only):
        for f in r.findings:
            if errors_only and f.severity != "error":
                continue
            w.writerow(
                [
                    safe(x)
                    for x in (
                        r.path,
                        r.agency,
                        r.year,
                        r.status,
                        f.severity,
                        f.code,
                        f.cell,
                        f.message,
                    )
                ]
            )
    for c in batch.cross_file:
        if errors_only and c.severity != "error":
            continue
        w.writerow(
            [
                safe(x)
                for x in (";".join(c.files), "", "", "", c.severity, c.code, ";".join(c.cells), c.message)
            ]
        )


def csv_text(batch: BatchReport, errors_only: bool = False) -> str:
    """The CSV document with its BOM, as one string."""
    buf = io.StringIO()
    buf.write("\ufeff")
    write_csv(buf, batch, errors_only)
    return buf.getvalue()
