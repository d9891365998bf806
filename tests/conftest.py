import random
from pathlib import Path

import pytest
from hypothesis import settings
from samples import consistent_values
from soffice import convert, soffice_or_skip  # noqa: F401  (soffice_or_skip: tests import it from here)

from govreport.forms import get_form
from govreport.template import Layout, write_report

# No per-example deadline for any property test (hypothesis' default is 200 ms). The tests assert no times
# (README: speed lives in benchmarks/); on this 2-core machine shared with other runs an example can take
# several times its usual time, and hypothesis then fails the test as DeadlineExceeded or "Unreliable test
# timings" once, not again on the rerun. A test's own settings(deadline=...) still wins over the profile.
settings.register_profile("govreport", deadline=None)
settings.load_profile("govreport")

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


def soffice_convert(sources: list[Path], fmt: str, outdir: Path) -> list[Path]:
    """Re-save the workbooks through LibreOffice Calc headless as fmt: one process for all of them, none for what
    an earlier run converted (tests/soffice.py caches by content)."""
    return convert(sources, fmt, fmt, outdir)
