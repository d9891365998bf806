"""ZIP archives in a batch: agencies' reports often reach a supervisor as one attachment (各单位年报.zip).

Their reports are unpacked into a temporary folder and checked as any file is, named `各单位年报.zip/甲局/年报.xlsx`.
Unpacking is bounded as reading a workbook is (members, sizes, compression ratio); a member refused or an
archive that cannot be opened is said, never a traceback, and nothing is written outside the temporary folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from govreport.read.guards import MAX_RATIO, ZIP_ERRORS, is_office_zip, zip_member_name
from govreport.read.paths import (
    ARCHIVE_SUFFIXES,
    DOCUMENT_SUFFIXES,
    TEXT_SUFFIXES,
    is_report_name,
    is_workbook_name,
)

MAX_ARCHIVE_MEMBERS = 5_000  # files in one archive: a province's reports of a year
MAX_UNPACKED_BYTES = 2 * 1024**3  # all members of all archives of a batch together
MAX_MEMBER_BYTES = 200 * 1024 * 1024  # one report: larger than any reader accepts (they refuse it themselves)
_CHUNK = 1024 * 1024


@dataclass
class Unpacked:
    """The batch's file list with each archive's reports in its place, and how each is named for a person."""

    files: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # unpacked path -> 各单位年报.zip/甲局/年报.xlsx
    # unpacked path -> (the archive's folder, 各单位年报/甲局/年报.xlsx): where its corrected copy goes
    # (--fill-dir): in a folder named after its archive, in the archive's place
    places: dict[str, tuple[str, str]] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> members left in their archive
    folder: str | None = None  # the temporary folder (removed on leaving a `with` block)

    def __enter__(self) -> Unpacked:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def is_archive(path: str) -> bool:
    """A ZIP archive that is no Office file (an .xlsx, .docx or .ods is a ZIP too)."""
    if not path.lower().endswith(".zip"):
        return False
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
    except ZIP_ERRORS:
        return False  # left to the reader, which says what is wrong with it
    return not is_office_zip(names)


def unpack(files: list[str]) -> Unpacked:
    """Replace every ZIP archive among files by the reports it holds, unpacked into one temporary folder."""
    out = Unpacked()
    budget = [MAX_UNPACKED_BYTES]
    for f in files:
        if not is_archive(f):
            out.files.append(f)
            continue
        if out.folder is None:
            out.folder = tempfile.mkdtemp(prefix="govreport-zip-")
        target = os.path.join(out.folder, str(len(out.names) + len(out.files)))
        members = _unpack_one(f, target, out, budget)
        if members is None:
            out.files.append(f)  # unreadable as an archive: the reader says why
    return out


def _unpack_one(archive: str, target: str, out: Unpacked, budget: list[int]) -> list[str] | None:
    try:
        z = zipfile.ZipFile(archive)
    except ZIP_ERRORS:
        return None
    got: list[str] = []
    with z:
        infos = [i for i in z.infolist() if not i.is_dir()]
        if len(infos) > MAX_ARCHIVE_MEMBERS:
            return None
        for info in infos:
            rel = _safe_path(zip_member_name(info, whole=True))
            name = rel.rsplit("/", 1)[-1] if rel else ""
            if not rel or not _wanted(name):
                out.skipped["other-type"] = out.skipped.get("other-type", 0) + 1
                continue
            size = info.file_size
            if (
                info.flag_bits & 0x1  # encrypted
                or size > MAX_MEMBER_BYTES
                or size > budget[0]
                or (size > _CHUNK and size > MAX_RATIO * max(info.compress_size, 1))
            ):
                out.skipped["archive-refused"] = out.skipped.get("archive-refused", 0) + 1
                continue
            dest = os.path.join(target, *rel.split("/"))
            try:
                written = _copy(z, info, dest, size)
            except ZIP_ERRORS:
                Path(dest).unlink(missing_ok=True)
                out.skipped["archive-refused"] = out.skipped.get("archive-refused", 0) + 1
                continue
            budget[0] -= written
            out.files.append(dest)
            out.names[dest] = f"{archive}/{rel}"
            stem = os.path.splitext(os.path.basename(archive))[0]
            out.places[dest] = (os.path.dirname(archive), os.path.join(stem, *rel.split("/")))
            got.append(dest)
    return got


def _copy(z: zipfile.ZipFile, info: zipfile.ZipInfo, dest: str, size: int) -> int:
    """Unpack one member, never more bytes than it declares (a lying header is a bomb, not a report)."""
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    n = 0
    with z.open(info) as src, open(dest, "xb") as dst:
        while chunk := src.read(_CHUNK):
            n += len(chunk)
            if n > size:
                raise ValueError("member larger than declared")
            dst.write(chunk)
    return n


def _safe_path(name: str) -> str:
    """The member's path inside the archive without anything that could leave the temporary folder."""
    # a drive ("C:") or any colon would make os.path.join leave the folder on Windows; NUL is no file name
    name = name.replace("\\", "/").replace(":", "_").replace("\0", "_")
    parts = [p for p in name.split("/") if p not in ("", ".", "..")]
    parts = [p for p in parts if not p.startswith("__MACOSX")]
    if not parts or any(p.startswith(".") or p.startswith("~$") for p in parts):
        return ""
    return "/".join(parts)


def _wanted(name: str) -> bool:
    """The members a folder search would take (text copies and pages only when named as a report)."""
    low = name.lower()
    if is_workbook_name(name) or low.endswith(DOCUMENT_SUFFIXES):
        return True
    return low.endswith(TEXT_SUFFIXES + ARCHIVE_SUFFIXES) and is_report_name(name)


__all__ = ["Unpacked", "is_archive", "unpack"]
