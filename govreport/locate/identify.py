"""Which workbook this is: the agency and report year (title, file name, folder) and the form version."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import PurePath

from govreport.forms import Form, all_forms, form_for_year
from govreport.locate.labels import core, normalize
from govreport.locate.model import SheetText
from govreport.read.model import Book

_YEAR_IN_TITLE = re.compile(r"(20\d\d)\s*年")
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
_TITLE_WORDS = re.compile(
    r"(20\d\d)\s*年度?|政府信息公开(工作)?(年度)?(报告|年报)|关于|附件\d*[:：]?|《|》|\s"
)


def title_of(text: str) -> tuple[str | None, int | None] | None:
    """ "老城区商务和工业信息化局2021年政府信息公开工作年度报告" (or "2021年度XX局…") -> agency, year.

    A title without a year ("某县教育局政府信息公开工作年度报告" on a cover sheet) still names the agency.
    """
    if "报" not in text:
        return None  # no 报告 or 年报 (most cells: labels and numbers), before any regular expression runs
    text = _CN_YEAR.sub(_cn_year, text)
    t = normalize(text)
    if "政府信息公开" not in t or not ("报告" in t or "年报" in t) or len(t) > 80:
        return None
    if any(_SUBJECT + w in t for w in _label_words()):
        return None  # a table's label ("一、本年新收政府信息公开申请数量（报告期内）"), not a title
    m = _YEAR_IN_TITLE.search(t)
    # the agency is named before the title words; what follows them is a note ("（附表）", "（修订）")
    plain = unicodedata.normalize("NFKC", text)
    head = plain[: plain.find("政府信息公开")] if "政府信息公开" in plain else plain
    agency = _clean_agency(_TITLE_WORDS.sub("", head))
    if not m:
        return (agency, None) if agency else None
    return agency, int(m.group(1))


_SUBJECT = "政府信息公开"
# a year written in Chinese numerals ("二〇二二年度"), as formal titles and covers sometimes print it
_CN_DIGITS = {
    ch: str(i)
    for i, chars in enumerate(["〇零○Ｏ", "一", "二", "三", "四", "五", "六", "七", "八", "九"])
    for ch in chars
}
_CN_YEAR = re.compile(r"二[〇零○Ｏ][〇零○Ｏ一二三四五六七八九]{2}(?=\s*年)")


def _cn_year(m: re.Match[str]) -> str:
    return "".join(_CN_DIGITS[ch] for ch in m.group(0))


# how the names of agencies end (某市交通运输局, 某县人民政府办公室, 某街道办事处, 某区卫生健康委员会)
_AGENCY_ENDS = frozenset("局委会办室厅院府心站所署部处镇乡区县市馆队司行社")


def _agency_above(st: SheetText, r: int, c: int) -> str | None:
    """A title broken over two cells (the agency on its own line above "2022年政府信息公开工作年度报告"): the
    short plain name in the cell just above the title."""
    for above in (r - 1, r - 2):
        value = st.sheet.value(above, c) if above >= 0 else None
        if isinstance(value, str) and value.strip():
            name = _clean_agency(normalize(value))
            if (
                name
                and len(name) <= 30
                and name[-1] in _AGENCY_ENDS
                and not re.search(r"\d|[:：]|政府信息公开|报告|附件|附表", name)
            ):
                return name
            return None
    return None


@cache
def _label_words() -> frozenset[str]:
    """What follows 政府信息公开 in the form's own labels and section titles (申请, 行政复议): a title
    names the report there (工作年度报告), so a text with one of these is a label that mentions a report."""
    texts = [t for form in all_forms() for sec in form.sections for t in (sec.title, *sec.title_aliases)]
    texts += [
        t
        for form in all_forms()
        for table in form.tables
        for row in table.rows
        for t in (row.label, *row.aliases)
    ]
    words = set()
    for text in texts:
        t = normalize(text)
        at = t.find(_SUBJECT)
        if at >= 0 and len(t) >= at + len(_SUBJECT) + 2:
            words.add(t[at + len(_SUBJECT) : at + len(_SUBJECT) + 2])
    return frozenset(words)


def _from_name(name: str) -> tuple[str | None, int | None] | None:
    """A file or folder name: a whole title, else the agency before a year ("某局2021.xlsx")."""
    found = title_of(name)
    if found and found[1] is not None:
        return found
    m = _YEAR.search(name)
    if m:
        before = _clean_agency(name[: m.start()])
        if before is not None and not any(map(_is_cjk, before)):
            before = None  # "national-template-2021.docx", "report_2021.xlsx": no agency's name
        return before or (found[0] if found else None), int(m.group(1))
    return found


def _is_cjk(ch: str) -> bool:
    # not a regular expression: a class over the CJK block takes Python's re over 1 ms to compile at every start
    return "\u4e00" <= ch <= "\u9fff"


def _sheet_year(book: Book) -> int | None:
    """The year sheet names agree on ("2020年", "2021年报"): clerks name a sheet after its report year."""
    years = {int(m.group(1)) for s in book.sheets for m in [_YEAR.search(s.name)] if m}
    return years.pop() if len(years) == 1 else None


def identify(book: Book, texts: list[SheetText]) -> tuple[str | None, int | None]:
    """Agency and report year from a title cell, else the file name, sheet names and the folder.

    Titles naming different years (last year's report kept on a sheet of this year's workbook): the year
    the file name says, else the latest, is the report's.
    """
    agency: str | None = None
    year: int | None = None
    titled: list[tuple[str | None, int]] = []  # the first title with a year on each sheet
    for st in texts:
        for r, c in st.labels.titles:  # in reading order
            found = title_of(st.sheet.value(r, c))  # type: ignore[arg-type]
            if found and found[0] is None:
                found = (_agency_above(st, r, c), found[1])
            if found:
                agency = agency or found[0]
                if found[1] is not None:
                    titled.append((found[0], found[1]))
                    break
    if not titled and book.narrative:
        titled += _narrative_title(book.narrative)  # a document's title is a paragraph above its tables
    p = PurePath(book.path)
    named = _from_name(p.stem)
    if titled:
        years = {y for _a, y in titled}
        pick = named[1] if named and named[1] in years else (titled[0][1] if len(years) == 1 else max(years))
        first = next(t for t in titled if t[1] == pick)
        agency, year = first[0] or agency, pick
    # the folder comes last: a batch folder ("2022年报告") or a temporary directory says less than the
    # file and its sheets
    for found in (named, (None, _sheet_year(book)), _from_name(p.parent.name)):
        if found:
            agency = agency or found[0]
            year = year or found[1]
        if agency and year:
            break
    return agency, year


def _narrative_title(paragraphs: list[str]) -> list[tuple[str | None, int]]:
    """The title among a document's first paragraphs, the agency on a line of its own above it if need be.

    The first 12 paragraphs; past them (a web page printed with its site's menus first: 首页, 政务公开, …) only
    while every paragraph is short, as menus are: the body's first sentence ends the search, so a sentence citing
    last year's report is never taken for the title."""
    for i, text in enumerate(paragraphs[:60]):
        found = title_of(text)
        if i >= 12 and not found and len(text) > 40:
            break
        if found and found[1] is not None:
            agency = found[0]
            if agency is None and i > 0:
                name = _clean_agency(normalize(paragraphs[i - 1]))
                if (
                    name
                    and len(name) <= 30
                    and name[-1] in _AGENCY_ENDS
                    and not re.search(r"\d|[:：]|报告", name)
                ):
                    agency = name
            return [(agency, found[1])]
    return []


def sheet_years(st: SheetText) -> frozenset[int]:
    """The report years a sheet names: in its name ("2021年") or in its title cells."""
    years = {int(m.group(1)) for m in [_YEAR.search(st.sheet.name)] if m}
    for r, c in st.labels.titles:
        found = title_of(st.sheet.value(r, c))  # type: ignore[arg-type]
        if found and found[1] is not None:
            years.add(found[1])
    return frozenset(years)


def _clean_agency(s: str) -> str | None:
    s = re.sub(r"[_\-\s·.、()（）]+$", "", s.strip()).strip("_- ")
    s = re.sub(r"^(关于|附件\d*[:：]?)", "", s)
    # a saved page's field name before the title ("标题: 平潭综合实验区2025年度…" in a crawler's text copy)
    colon = next((i for i in (2, 3, 4) if s[i : i + 1] in (":", "：") and all(map(_is_cjk, s[:i]))), None)
    if colon is not None:
        s = s[colon + 1 :].lstrip()
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


def detect_form(
    texts: list[SheetText], year: int | None, hits: dict[str, int] | None = None
) -> tuple[Form, str]:
    """The format a workbook uses: by the labels only one version prints, else by the report year."""
    hits = hits if hits is not None else marker_hits(texts)
    scores = sorted(((hits[f.version], f) for f in all_forms()), key=lambda s: -s[0])
    if scores and scores[0][0] > 0 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return scores[0][1], "labels"
    if year is not None:
        return form_for_year(year), "year"
    return all_forms()[0], "default"
