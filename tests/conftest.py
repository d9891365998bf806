import os
import random
from pathlib import Path

import pytest
from samples import consistent_values

from govreport.forms import get_form
from govreport.template import Layout, write_report

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = Layout()
DEMO = ROOT / "workbooks" / "老城区商务和工业信息化局2021年政府信息公开工作年度报告.xlsx"


@pytest.fixture
def make_report(tmp_path):
    """Write a report workbook: consistent random values, then the given edits -> (path, where, values)."""

    def make(version="2021", seed=0, edits=None, layout=NATIONAL, name=None, values=None):
        form = get_form(version)
        vals = dict(values if values is not None else consistent_values(form, random.Random(seed)))
        good = dict(vals)
        vals.update(edits or {})
        path = tmp_path / (name or f"测试局{version}年政府信息公开工作年度报告.xlsx")
        where = write_report(path, form, vals, layout=layout, agency="测试局", year=int(version))
        return path, where, good

    return make


def soffice_or_skip() -> str:
    """The LibreOffice binary; skip without it, but fail when GOVREPORT_REQUIRE_SOFFICE=1 (CI)."""
    import os
    import shutil

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        return soffice
    reason = "LibreOffice (soffice) is not installed: cannot make real .xls/.ods files to test with"
    if os.environ.get("GOVREPORT_REQUIRE_SOFFICE") == "1":
        pytest.fail(reason + " (GOVREPORT_REQUIRE_SOFFICE=1)")
    pytest.skip(reason)


SOFFICE_CACHE = Path(__file__).parent / ".cache" / "soffice"


def _content_key(path: Path, fmt: str) -> str:
    """A hash of what LibreOffice reads: a zip's members but docProps/core.xml (openpyxl stamps the time there)."""
    import hashlib
    import zipfile

    h = hashlib.sha256(fmt.encode())
    try:
        with zipfile.ZipFile(path) as z:
            for name in sorted(z.namelist()):
                if name != "docProps/core.xml":
                    h.update(name.encode() + b"\0" + z.read(name))
    except zipfile.BadZipFile:
        h.update(path.read_bytes())
    return h.hexdigest()[:32]


def soffice_convert(sources: list[Path], fmt: str, outdir: Path) -> list[Path]:
    """Re-save the workbooks through LibreOffice Calc headless as fmt; one process for all of them, none for
    what an earlier run converted (cached under tests/.cache/soffice by content)."""
    import shutil

    outdir.mkdir(parents=True, exist_ok=True)
    keys = [_content_key(p, fmt) for p in sources]
    out = [outdir / f"{p.stem}.{fmt}" for p in sources]
    todo = [p for p, k in zip(sources, keys, strict=True) if not (SOFFICE_CACHE / f"{k}.{fmt}").is_file()]
    if todo:
        for made, src in zip(_soffice_convert(todo, fmt, outdir), todo, strict=True):
            SOFFICE_CACHE.mkdir(parents=True, exist_ok=True)
            tmp = SOFFICE_CACHE / f".{_content_key(src, fmt)}.{os.getpid()}.tmp"
            shutil.copyfile(made, tmp)
            os.replace(tmp, SOFFICE_CACHE / f"{_content_key(src, fmt)}.{fmt}")
    for k, dst in zip(keys, out, strict=True):
        if not dst.exists():
            shutil.copyfile(SOFFICE_CACHE / f"{k}.{fmt}", dst)
    return out


def _soffice_convert(sources: list[Path], fmt: str, outdir: Path) -> list[Path]:
    import os
    import subprocess
    import uuid

    soffice = soffice_or_skip()
    outdir.mkdir(parents=True, exist_ok=True)
    # A private profile: a shared one fails when another soffice runs at the same time.
    profile = outdir.parent / f"lo_{uuid.uuid4().hex}"
    res = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(profile)},
    )
    out = [outdir / f"{p.stem}.{fmt}" for p in sources]
    missing = [p.name for p in out if not p.exists()]
    if res.returncode or missing:
        msg = f"soffice could not convert to {fmt} ({missing}): {res.stderr.decode(errors='replace')[:300]}"
        if os.environ.get("GOVREPORT_REQUIRE_SOFFICE") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    return out
