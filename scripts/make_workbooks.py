"""Regenerate the bundled workbooks in workbooks/: the blank 2021 and 2019 templates and the seed report demo."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tests/samples.py: the seed values

from samples import seed_values  # noqa: E402

from govreport.forms import get_form  # noqa: E402
from govreport.template import Layout, write_report  # noqa: E402

SEED_AGENCY = "老城区商务和工业信息化局"


def main() -> None:
    """Write every bundled workbook, replacing the old copies."""
    out = ROOT / "workbooks"
    out.mkdir(exist_ok=True)
    for version in ("2021", "2019"):
        path = out / f"模板_{version}.xlsx"
        write_report(path, get_form(version))
        print(path.relative_to(ROOT))
    # The seed report's tables as published: blank rows, its wording, its merged (三) cell.
    path = out / f"{SEED_AGENCY}2021年政府信息公开工作年度报告.xlsx"
    write_report(
        path, get_form("2021"), seed_values(), layout=Layout(seed_style=True), agency=SEED_AGENCY, year=2021
    )
    print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
