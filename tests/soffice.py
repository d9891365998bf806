"""LibreOffice for the tests: one headless call for many files with a private profile, its outputs cached by
content under tests/.cache/soffice, so that a second run starts no soffice for what it converted before.

Used by conftest.soffice_convert (workbooks re-saved by Calc), docbuild.resave (documents re-saved by Writer)
and pdfbuild.to_pdf (PDF exports). Where LibreOffice is missing the test skips, and fails under CI
(GOVREPORT_REQUIRE_SOFFICE=1).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest

CACHE = Path(__file__).parent / ".cache" / "soffice"


def unavailable(reason: str) -> None:
    """Skip the test, or fail it under CI, where LibreOffice must run."""
    if os.environ.get("GOVREPORT_REQUIRE_SOFFICE") == "1":
        pytest.fail(reason + " (GOVREPORT_REQUIRE_SOFFICE=1)")
    pytest.skip(reason)


def soffice_or_skip() -> str:
    """The LibreOffice binary; skip without it, but fail when GOVREPORT_REQUIRE_SOFFICE=1 (CI)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        unavailable(
            "LibreOffice (soffice) is not installed: cannot make real .xls/.ods/.pdf files to test with"
        )
    return soffice  # type: ignore[return-value]


def content_key(path: Path, convert_to: str) -> str:
    """A hash of what LibreOffice reads and how it converts it: a zip's members but docProps/core.xml (openpyxl
    stamps the time there), or the file's bytes."""
    h = hashlib.sha256(convert_to.encode() + b"\0" + path.suffix.lower().encode())
    try:
        with zipfile.ZipFile(path) as z:
            for name in sorted(z.namelist()):
                if name != "docProps/core.xml":
                    h.update(name.encode() + b"\0" + z.read(name))
    except zipfile.BadZipFile:
        h.update(path.read_bytes())
    return h.hexdigest()[:32]


def convert(
    sources: list[Path], convert_to: str, ext: str, outdir: Path, *, apart: bool = False
) -> list[Path]:
    """Each source converted by LibreOffice (`--convert-to convert_to`, giving .ext), one soffice call for those
    not cached yet, copied into outdir (apart: each into a folder of its own, for sources of one name)."""
    keys = [content_key(p, convert_to) for p in sources]
    todo = {k: p for p, k in zip(sources, keys, strict=True) if not (CACHE / f"{k}.{ext}").is_file()}
    if todo:
        _run(todo, convert_to, ext)
    outdir.mkdir(parents=True, exist_ok=True)
    out = []
    for i, (p, k) in enumerate(zip(sources, keys, strict=True)):
        target = (outdir / str(i) if apart else outdir) / f"{p.stem}.{ext}"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(CACHE / f"{k}.{ext}", target)
        out.append(target)
    return out


def _run(todo: dict[str, Path], convert_to: str, ext: str) -> None:
    """Convert the sources (staged under their keys: sources may share a name) into the cache."""
    soffice = soffice_or_skip()
    CACHE.mkdir(parents=True, exist_ok=True)
    run = CACHE / f"run_{uuid.uuid4().hex}"
    stage, done, profile = run / "in", run / "out", run / "profile"  # a private profile: a shared one fails
    stage.mkdir(parents=True)  # when another soffice runs at the same time (xdist workers)
    try:
        for k, p in todo.items():
            shutil.copyfile(p, stage / f"{k}{p.suffix}")
        res = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                convert_to,
                "--outdir",
                str(done),
                *(str(stage / f"{k}{p.suffix}") for k, p in todo.items()),
            ],
            capture_output=True,
            timeout=600,
            env={**os.environ, "HOME": str(profile)},
        )
        for k in todo:
            if (done / f"{k}.{ext}").is_file():
                os.replace(done / f"{k}.{ext}", CACHE / f"{k}.{ext}")
        missing = [p.name for k, p in todo.items() if not (CACHE / f"{k}.{ext}").is_file()]
        if missing:
            err = res.stderr.decode(errors="replace")[:300]
            unavailable(f"soffice could not convert to {convert_to} ({missing[:3]}): {err}")
    finally:
        shutil.rmtree(run, ignore_errors=True)
