"""Choosing among copies of one table: a draft above the final, last year's sheet, a hidden template."""

from __future__ import annotations

from govreport.locate.identify import sheet_years
from govreport.locate.matching import SheetText, row_texts
from govreport.locate.model import LocatedTable
from govreport.memo import LazyPattern
from govreport.read.model import Sheet


def rank(
    texts: list[SheetText], sheets: dict[str, Sheet], hits: list[LocatedTable], year: int | None
) -> None:
    """Sort the copies found of one table, the one to check first (in place)."""
    every = list(hits)  # list.sort empties the list while it sorts: the key reads a copy
    top = max(h.score for h in hits)
    # among copies of a similar score: a filled one, a visible one (sheet, then rows), one of the report year, the fuller, one
    # under a note 修改后
    hits.sort(
        key=lambda h: (
            h.score >= 0.8 * top,
            filled(sheets[h.sheet], h) > 0,
            not sheets[h.sheet].hidden,
            not rows_hidden(sheets[h.sheet], h),
            _of_year(texts, h, year),
            h.score,
            _revised(texts, h, every),
            filled(sheets[h.sheet], h),
        ),
        reverse=True,
    )


def _of_year(texts: list[SheetText], t: LocatedTable, year: int | None) -> int:
    """1 on a sheet naming the report year, -1 on one naming only other years, else 0."""
    if year is None:
        return 0
    years = sheet_years(next(x for x in texts if x.sheet.name == t.sheet))
    return 0 if not years else (1 if year in years else -1)


# "修订版" is left out: "2021年修订版" names the form's version, not a copy of the report
_REVISED = LazyPattern(
    r"修改后|修订后|更正后|调整后|最终|终稿|终版|定稿|正式稿|正式版|修改稿|修订稿|修改版|更正版|报送稿|报送版"
)
_DRAFT = LazyPattern(r"修改前|修订前|更正前|调整前|原稿|初稿|草稿|征求意见稿|讨论稿|送审稿|底稿")
_NOTE_LEN = 12  # a note such as "修改后：" or "（初稿）" is short; prose that says 最终 is not a note


def _revised(texts: list[SheetText], t: LocatedTable, hits: list[LocatedTable]) -> int:
    """+1 for a table under a note such as "修改后：", -1 under "修改前" or "初稿", else 0. The nearest
    note above it decides, up to the copy of the table above it on its sheet: one note heads every table
    of the copy pasted under it, and a note over the first copy is not one over the second. Without a
    note, the sheet's name may say it ("年报（定稿）", "草稿")."""
    st = next(x for x in texts if x.sheet.name == t.sheet)
    top = t.anchor[0]
    stop = max((h.anchor[0] for h in hits if h.sheet == t.sheet and h.anchor[0] < top), default=-1)
    for r in sorted((r for r in st.by_row if stop < r < top), reverse=True):
        for text in row_texts(st, r):
            if len(text) > _NOTE_LEN:
                continue
            if _REVISED.search(text):
                return 1
            if _DRAFT.search(text):
                return -1
    name = st.sheet.name
    return 1 if _REVISED.search(name) else -1 if _DRAFT.search(name) else 0


def filled(sheet: Sheet, t: LocatedTable) -> int:
    """How many of the table's number cells hold anything."""
    return sum(
        1
        for r in t.rows.values()
        for c in t.columns.values()
        if sheet.value(r, c) not in ("", None) or (r, c) in sheet.formulas
    )


def rows_hidden(sheet: Sheet, t: LocatedTable) -> bool:
    """Most of the table's rows are hidden: a copy kept out of sight (last year's tables above this year's)."""
    hidden = sheet.hidden_rows
    return bool(hidden) and 2 * sum(1 for r in t.rows.values() if r in hidden) > len(t.rows)
