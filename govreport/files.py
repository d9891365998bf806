"""Which files a command works on: the paths given, folders searched recursively."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass
class FileList:
    files: list[Path] = field(default_factory=list)  # sorted, each once
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count ("lock-file", "hidden", "other-type")


def is_workbook_name(name: str) -> bool:
    return name.lower().endswith(WORKBOOK_SUFFIXES)


def collect(paths: list[str | os.PathLike]) -> FileList:
    """Expand folders recursively into workbooks; a path named explicitly is always kept."""
    out = FileList()
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = Path(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            out.files.append(p)

    def skip(reason: str) -> None:
        out.skipped[reason] = out.skipped.get(reason, 0) + 1

    for given in paths:
        p = Path(given)
        if not p.is_dir() or is_workbook_name(p.name):
            add(p)  # named explicitly: reported even when it is not a workbook (or is a folder called x.xlsx)
            continue
        for root, dirs, names in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("~$") or name.startswith(".~lock"):
                    skip("lock-file")  # Excel/WPS and LibreOffice lock files
                elif name.startswith("."):
                    skip("hidden")
                elif not is_workbook_name(name):
                    skip("other-type")
                else:
                    add(Path(root) / name)
    out.files.sort(key=lambda q: str(q))
    return out
