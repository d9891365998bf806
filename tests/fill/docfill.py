"""A small corpus of report documents with planted errors and blanks, for the fill tests of issue 15.

Each is the real WPS national template (tests/data) filled with consistent values, then: one wrong count in
table 2 (a unique correction), one blank that a row total determines, a count typed with its unit ("3件"), and
(in one of them) table 3's 行政复议 total off by one (a needs-review change). The expected values are the
consistent ones.
"""

from __future__ import annotations

import random
from pathlib import Path

from docbuild import TEMPLATE_2021, fill_docx, template_cells, text_of  # noqa: F401  (template_cells: tests import it from here)
from samples import consistent_values

from govreport.forms import get_form

Key = tuple[str, str, str]


def planted(seed: int, review: bool = False) -> tuple[dict[Key, object], dict[Key, object]]:
    """(values as typed, consistent values) for one document."""
    good = dict(consistent_values(get_form("2021"), random.Random(seed)))
    typed: dict[Key, object] = dict(good)
    typed[("requests", "new", "natural_person")] = good[("requests", "new", "natural_person")] + 10
    typed[("requests", "granted", "business")] = None
    typed[("requests", "carried_out", "research")] = f"{good[('requests', 'carried_out', 'research')]}件"
    if review:
        typed[("appeals", "count", "review_total")] = good[("appeals", "count", "review_total")] + 1
    return typed, good


def corpus(folder: Path, tpl: dict[Key, tuple[str, int, int]]) -> list[tuple[Path, dict[Key, object]]]:
    """Three documents: plain planted errors (two seeds) and one with a needs-review change in table 3."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, (seed, review) in enumerate(((1, False), (2, False), (3, True))):
        typed, good = planted(seed, review)
        path = fill_docx(
            TEMPLATE_2021,
            folder / f"测试{i}局2021年政府信息公开工作年度报告.docx",
            {tpl[k]: text_of(v) for k, v in typed.items()},
        )
        out.append((path, good))
    return out


def values_by_key(report) -> dict[Key, object]:
    return {(t.key, i.row, i.column): i.number for t in report.tables for i in t.cells.values()}
