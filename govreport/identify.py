"""Which workbook this is: the agency and report year (title, file name, folder) and the form version."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath
from typing import TYPE_CHECKING

from govreport.book import Book
from govreport.forms import Form, all_forms, form_for_year
from govreport.labels import core, normalize

if TYPE_CHECKING:
    from govreport.locate import SheetText


_YEAR_IN_TITLE = re.compile(r"(20\d\d)\s*年")
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
_TITLE_WORDS = re.compile(r"(20\d\d)\s*年度?|政府信息公开(工作)?(年度)?(报告|年报)|关于|附件\d*[:：]?|《|》|\s")


def title_of(text: str) -> tuple[str | None, int] | None:
    """"老城区商务和工业信息化局2021年政府信息公开工作年度报告" (or "2021年度XX局…") -> agency, year."""
    t = normalize(text)
    if "政府信息公开" not in t or not ("报告" in t or "年报" in t) or len(t) > 80:
        return None
    m = _YEAR_IN_TITLE.search(t)
    if not m:
        return None
    agency = _TITLE_WORDS.sub("", unicodedata.normalize("NFKC", text))
    return _clean_agency(agency), int(m.group(1))


def identify(book: Book, texts: list[SheetText]) -> tuple[str | None, int | None]:
    """Agency and report year from a title cell, else from the file name and its folder."""
    agency, year = None, None
    for st in texts:
        if st.labels.titles:
            r, c = st.labels.titles[0]
            found = title_of(st.sheet.value(r, c))  # type: ignore[arg-type]
            if found:
                agency, year = found
                break
    p = PurePath(book.path)
    for name in (p.stem, p.parent.name):
        found = title_of(name)
        if not found:
            m = _YEAR.search(name)
            found = (_clean_agency(name[: m.start()]), int(m.group(1))) if m else None
        if found:
            agency = agency or found[0]
            year = year or found[1]
        if agency and year:
            break
    return agency, year


def _clean_agency(s: str) -> str | None:
    s = re.sub(r"[_\-\s·.、()（）]+$", "", s.strip()).strip("_- ")
    s = re.sub(r"^(关于|附件\d*[:：]?)", "", s)
    return s or None


def marker_hits(texts: list[SheetText]) -> dict[str, int]:
    """Per format version, how many of the labels only it prints appear in the workbook."""
    return {form.version: len(set().union(*(_markers_on(st, form) for st in texts))) for form in all_forms()}


def _markers_on(st: SheetText, form: Form) -> frozenset[str]:
    """The version-only labels a sheet prints (kept with its labels: one search per layout)."""
    memo = st.labels.markers
    hit = memo.get(form.version)
    if hit is None:
        joined = "\n".join(set(st.cells.values()))
        hit = memo[form.version] = frozenset(m for m in {core(m) for m in form.markers} if m in joined)
    return hit


def detect_form(texts: list[SheetText], year: int | None,
                hits: dict[str, int] | None = None) -> tuple[Form, str]:
    """The format a workbook uses: by the labels only one version prints, else by the report year."""
    hits = hits if hits is not None else marker_hits(texts)
    scores = sorted(((hits[f.version], f) for f in all_forms()), key=lambda s: -s[0])
    if scores and scores[0][0] > 0 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return scores[0][1], "labels"
    if year is not None:
        return form_for_year(year), "year"
    return all_forms()[0], "default"
