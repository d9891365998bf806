"""What a batch produces: per file a small picklable FileResult, per batch a BatchReport with the cross-file
findings and the totals; below the pool and the cross-file checks, which both read them."""

from __future__ import annotations

import operator
import os
import pickle
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from govreport.findings import Finding, exit_status
from govreport.read.model import a1

Key = tuple[str, str, str]  # (table, row, column)


class Numbers(NamedTuple):
    """Every number of a file's tables 2 and 3 as a worker sends it: the numbers in the order of its
    layout's keys, which travel as one text (unpickling ~200 key tuples per file was a good part of the main
    process's work; a text is one copy, and the main process splits it once per layout)."""

    layout: str  # digest of the keys
    keys: str  # "table\x1frow\x1fcolumn\x1e…"
    nums: tuple[int | str | None, ...]  # None: blank or unknown; str: money as a decimal string

    def key_tuple(self, known: dict[str, tuple[Key, ...]]) -> tuple[Key, ...]:
        """The keys, split once per layout into known."""
        hit = known.get(self.layout)
        if hit is None:
            split = (k.split("\x1f") for k in self.keys.split("\x1e")) if self.keys else ()
            hit = known[self.layout] = tuple((t, r, c) for t, r, c in split)
        return hit


_NO_NUMBERS = Numbers("", "", ())
_INT_ONLY = frozenset((int,))  # _INT_ONLY.issuperset(map(type, xs)): every x an int (not a bool), in C


@dataclass(slots=True)  # a batch keeps one per file: no __dict__ each
class FileResult:
    """What a worker sends back for one file: small and picklable."""

    path: str
    report: dict[str, Any]  # FileReport.to_dict(as_objects=True): its findings are Finding objects
    # numbers kept for the whole batch: the key figures and the rows the form's links compare across years
    values: Mapping[Key, int | str] = field(default_factory=dict)
    # every number of tables 2 and 3, added into the batch's 合计 on arrival and then dropped (memory stays flat)
    table_values: Numbers = _NO_NUMBERS
    # per kept table: sheet, row key -> 0-based row, column key -> 0-based column (cheaper than a ref per cell)
    where: dict[str, tuple[str, dict[str, Any], dict[str, int]]] = field(default_factory=dict)
    fingerprint: str | None = None  # hash of every number in the workbook: equal for identical reports
    agency: str | None = None  # the report's agency, else the name of its own folder (set by the batch)
    filled: str | None = None  # the corrected workbook written by --fill-dir
    fill_error: str | None = None
    summary: bool = False  # govreport's own summary workbook: skipped when found in a folder

    @property
    def status(self) -> str:
        return self.report["status"]

    @property
    def year(self) -> int | None:
        return self.report.get("year")

    @property
    def form(self) -> str | None:
        return self.report.get("form")

    @property
    def findings(self) -> list[Finding]:
        found = self.report["findings"]
        return found if found.__class__ is list else found.load()  # Spilled: read back from disk

    def spill(self, store: Spill) -> None:
        """Move the findings to disk: a batch of 10,000 files keeps only their figures in memory.

        Where no temporary file can be written (a full disk, a read-only TMPDIR) they simply stay in memory.
        """
        if self.report.get("findings"):
            try:
                self.report["findings"] = store.put(self.report["findings"])
            except OSError:
                pass

    def to_dict(self) -> dict[str, Any]:
        """The file's report as `check --format json` gives it."""
        return {**self.report, "findings": [f.to_dict() for f in self.findings]}

    def ref(self, key: Key) -> str | None:
        """ "Sheet!A1" of a kept cell, None when its table, row or column was not found."""
        table, row, col = key
        if table not in self.where:
            return None
        sheet, rows, cols = self.where[table]
        if row not in rows or col not in cols:
            return None
        at = rows[row]
        if isinstance(at, tuple):  # a row continued on another sheet
            sheet, at = at
        return f"{sheet}!{a1(at, cols[col])}"


class Figures(Mapping):
    """A file's kept numbers by key, compact: the keys (and their positions) are shared by every file
    with the same kept cells, each file holds only a tuple of its numbers."""

    __slots__ = ("_at", "_nums")

    def __init__(self, at: dict[Key, int], nums: tuple[int | str, ...]):
        self._at, self._nums = at, nums

    def __getitem__(self, key: Key) -> int | str:
        return self._nums[self._at[key]]

    def __iter__(self) -> Iterator[Key]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __repr__(self) -> str:
        return f"Figures({dict(self)!r})"


class Spill:
    """An append-only temporary file of pickled objects (deleted when closed or collected)."""

    def __init__(self) -> None:
        try:
            self.file: Any = tempfile.TemporaryFile()
        except OSError:
            self.file = None  # put() raises OSError: the caller keeps its objects in memory

    def put(self, obj: Any) -> Spilled:
        if self.file is None:
            raise OSError("no temporary file")
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        self.file.seek(0, os.SEEK_END)
        at = self.file.tell()
        self.file.write(data)
        return Spilled(self, at, len(data))


class Spilled(NamedTuple):
    store: Spill
    at: int
    size: int

    def load(self) -> Any:
        self.store.file.seek(self.at)
        return pickle.loads(self.store.file.read(self.size))


@dataclass
class Total:
    """Tables 2 and 3 summed over the files of one report year and form that have no error."""

    year: int | None
    form: str
    files: int = 0
    # per layout: its keys, the running sums and which of them any file has given a number for
    _parts: dict[str, tuple[tuple[Key, ...], list[int | Decimal], list[bool]]] = field(
        default_factory=dict, repr=False
    )

    def add(self, values: Numbers, keys: tuple[Key, ...]) -> None:
        """Add one file's numbers (keys: its layout's keys, which the batch keeps)."""
        self.files += 1
        part = self._parts.get(values.layout)
        if part is None:
            part = self._parts[values.layout] = (keys, [0] * len(keys), [False] * len(keys))
        _, sums, seen = part
        nums = values.nums
        if _INT_ONLY.issuperset(map(type, nums)):  # the common case, in C
            sums[:] = map(operator.add, sums, nums)
            if not all(seen):
                seen[:] = [True] * len(seen)
            return
        for i, n in enumerate(nums):
            if n is not None:
                sums[i] += n if n.__class__ is int else Decimal(n)  # type: ignore[operator]
                seen[i] = True

    @property
    def sums(self) -> dict[Key, int | Decimal]:
        """Key -> sum over the files that gave a number for it."""
        out: dict[Key, int | Decimal] = {}
        for keys, sums, seen in self._parts.values():
            for k, n, any_ in zip(keys, sums, seen, strict=True):
                if any_:
                    out[k] = out.get(k, 0) + n
        return out


@dataclass
class BatchReport:
    files: list[FileResult]  # sorted by path
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    cross_file: list[Finding] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)  # per report year and form, sorted
    elapsed: float = 0.0
    jobs: int = 1
    codes: dict[str, int] | None = None  # finding code -> count over the files, counted as they arrive

    def counts(self) -> dict[str, int]:
        """Files per status: ok, warnings, errors, unreadable."""
        out = {"ok": 0, "warnings": 0, "errors": 0, "unreadable": 0}
        for r in self.files:
            out[r.status] += 1
        return out

    def hit_list(self) -> list[tuple[str, int]]:
        """Finding codes by how many times they occur (files and cross-file), most frequent first."""
        n: dict[str, int] = dict(self.codes) if self.codes is not None else {}
        if self.codes is None:
            for r in self.files:
                for f in r.findings:
                    n[f.code] = n.get(f.code, 0) + 1
        for c in self.cross_file:
            n[c.code] = n.get(c.code, 0) + 1
        return sorted(n.items(), key=lambda kv: (-kv[1], kv[0]))

    def exit_code(self) -> int:
        """As for check: 2 when a file cannot be read or its --fill-dir copy not written, else 1 for any error
        (cross-file too), else 0."""
        counts = self.counts()
        return exit_status(
            unreadable=bool(counts["unreadable"]) or any(r.fill_error for r in self.files),
            errors=bool(counts["errors"]) or any(c.severity == "error" for c in self.cross_file),
        )

    def summary(self) -> dict[str, Any]:
        """The figures of the closing table, for JSON."""
        return {
            "files": len(self.files),
            **self.counts(),
            "skipped": dict(self.skipped),
            "cross_file": len(self.cross_file),
            "codes": dict(self.hit_list()),
            "seconds": round(self.elapsed, 3),
        }

    def to_dict(self, errors_only: bool = False) -> dict[str, Any]:
        """The check envelope plus cross_file and summary."""
        return {
            "files": [r.to_dict() for r in select(self, errors_only)],
            "cross_file": [c.cross_dict() for c in self.cross_file],
            "summary": self.summary(),
        }


def select(batch: BatchReport, errors_only: bool) -> list[FileResult]:
    """The files to list: all, or with --errors-only those with errors or unreadable."""
    if not errors_only:
        return batch.files
    return [r for r in batch.files if r.status in ("errors", "unreadable")]


def decimal_of(v: int | str) -> int | Decimal:
    """A number as FileResult.values holds it (int, or money as a decimal string) back to a number."""
    return v if isinstance(v, int) else Decimal(v)
