"""Fuzzing: labels, values and formulas never crash or hang; a mutated real workbook is a result or `unreadable`.

The mutation fuzz runs check_file in this process with debug=True, so an internal exception — which a user
would see as "内部错误" — fails the test with its traceback. A hang is caught by SIGALRM. Runs are bounded
(about 100 examples each) so the whole file stays well under a minute.
"""

from __future__ import annotations

import os
import random
import re
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from govreport.cells.formula import FormulaError, evaluate, references
from govreport.cells.values import digit_edit_distance_one, parse_value
from govreport.check.run import check_file
from govreport.locate.labels import core, is_unit_note, normalize, numbering, similarity, unit_of

# GOVREPORT_FUZZ_EXAMPLES=5000 for a long hunt; the default keeps the suite fast.
FUZZ = settings(
    max_examples=int(os.environ.get("GOVREPORT_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM raises inside whatever runs too long."""

    def boom(_sig: int, _frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# ----------------------------------------------------------------------------- labels

LABEL_CHARS = (
    "一二三四五六七八九十（）()【】[]、．.，,：:；;“”\"'‘’ 　\n\t\r0123456789０１２３"
    "本年新收上年结转予以公开部分不属于本机关信息申请人社会公益组织法律服务机构其他总计行政复议诉讼"
    "万元件个单位金额数量\u200b\ufeff\u3000✓✗😀"
)
labels = st.one_of(st.text(max_size=60), st.text(alphabet=LABEL_CHARS, max_size=60))


@FUZZ
@given(labels)
def test_label_functions_never_crash_and_normalise_idempotently(s: str) -> None:
    n = normalize(s)
    assert normalize(n) == n
    c = core(s)
    assert core(c) == c
    assert isinstance(numbering(s), tuple)
    assert unit_of(s) in (
        None,
        *{"元", "万元", "亿元", "千元", "件", "个", "条", "次", "份", "人次", "项"},
    ) or isinstance(unit_of(s), str)
    assert isinstance(is_unit_note(s), bool)


@FUZZ
@given(labels, labels)
def test_similarity_is_a_bounded_symmetric_score(a: str, b: str) -> None:
    x = similarity(a, b)
    assert 0.0 <= x <= 1.0
    assert similarity(a, a) == pytest.approx(1.0) or not core(a)


# ----------------------------------------------------------------------------- values


@FUZZ
@given(st.integers(min_value=-(10**30), max_value=10**30), st.integers(min_value=-(10**30), max_value=10**30))
def test_digit_edit_distance_never_crashes(a: int, b: int) -> None:
    assert isinstance(digit_edit_distance_one(a, b), bool)
    assert digit_edit_distance_one(a, b) == digit_edit_distance_one(b, a)


@FUZZ
@given(st.text(alphabet="0123456789.,eE+-元万件 （）%", min_size=1, max_size=400))
def test_long_numeric_text_is_parsed_quickly(s: str) -> None:
    with time_limit(5):
        for kind in ("count", "signed", "money"):
            parse_value(s * 20, kind, "万元")


# ----------------------------------------------------------------------------- formulas

HOSTILE_FORMULAS = [
    "(" * 5000 + "1" + ")" * 5000,
    "-" * 10000 + "1",
    "SUM(" * 3000 + "1" + ")" * 3000,
    "1e9999*1e9999",
    "9" * 5000,
    "SUM(A1:XFD1048576)",
    "A1:XFD1048576",
    "1/0",
    "ROUND(1,1e30)",
    "ROUND(1,-99999999)",
    "1+" * 4000 + "1",
    "'" + "a" * 8000 + "'!A1",
]


@pytest.mark.parametrize("text", HOSTILE_FORMULAS, ids=range(len(HOSTILE_FORMULAS)))
def test_hostile_formula_is_bounded(text: str) -> None:
    with time_limit(5):
        references(text)
        try:
            value = evaluate(text, lambda ref: Decimal(1))
        except FormulaError:
            return
        assert isinstance(value, Decimal)


@FUZZ
@given(st.text(alphabet="()+-*/,:$!'.0123456789eE ABCDSUMROUNDINTABS表二", max_size=300))
def test_formula_never_hangs_or_escapes(text: str) -> None:
    with time_limit(5):
        try:
            value = evaluate(text, lambda ref: Decimal(ref[1] + ref[2]))
        except FormulaError:
            return
        assert value.is_finite()


# ----------------------------------------------------------------------------- mutated workbooks

PARTS = ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    from samples import consistent_values

    from govreport.forms import get_form
    from govreport.template import Layout, write_report

    form = get_form("2021")
    p = tmp_path_factory.mktemp("fuzz") / "report.xlsx"
    write_report(
        p,
        form,
        consistent_values(form, random.Random(5), zero_share=0.3),
        layout=Layout(formulas=True),
        agency="测试局",
        year=2021,
    )
    with zipfile.ZipFile(p) as z:
        members = {n: z.read(n) for n in z.namelist()}
    _shared_strings(members)
    assert all(part in members for part in PARTS)
    shared = p.with_name("shared.xlsx")
    with zipfile.ZipFile(shared, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    assert check_file(shared).status == "ok" and check_file(p).status == "ok"
    return shared, members


def _shared_strings(members: dict[str, bytes]) -> None:
    """Turn openpyxl's inline strings into a shared-string table, as Excel/WPS save them."""
    table: list[bytes] = []

    def share(m: re.Match[bytes]) -> bytes:
        table.append(m.group(2))
        return m.group(1) + b't="s"><v>%d</v></c>' % (len(table) - 1)

    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = re.sub(rb'(<c [^>]*?)t="inlineStr"><is>(.*?)</is></c>', share, members[sheet])
    sst = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
        % (len(table), len(table))
    )
    members["xl/sharedStrings.xml"] = sst + b"".join(b"<si>" + t + b"</si>" for t in table) + b"</sst>"
    rels = "xl/_rels/workbook.xml.rels"
    members[rels] = members[rels].replace(
        b"</Relationships>",
        (
            b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
            b' Target="sharedStrings.xml" Id="rId99"/></Relationships>'
        ),
    )
    ct = "[Content_Types].xml"
    members[ct] = members[ct].replace(
        b"</Types>",
        (
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
    )


_ELEMENT = re.compile(rb"<(c|row|si|sheet|f|v|t|mergeCell|definedName)\b[^>]*?(?:/>|>.*?</\1>)", re.S)


def _mutate(data: bytes, op: str, rng: random.Random) -> bytes:
    if op == "flip":
        b = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(b))
            b[i] = rng.randrange(256)
        return bytes(b)
    if op == "truncate":
        return data[: rng.randrange(len(data))]
    spans = [m.span() for m in _ELEMENT.finditer(data)]
    if not spans:
        return data
    a, z = rng.choice(spans)
    if op == "drop":
        return data[:a] + data[z:]
    if op == "duplicate":
        return data[:z] + data[a:z] * rng.randint(1, 3) + data[z:]
    if op == "attribute":
        # a cell reference, count or id that lies: far away, negative, not a number, empty
        lie = rng.choice(
            [b"XFD1048576", b"A0", b"-1", b"ZZZ", b"", b"1048577", b"99999999999", "表".encode()]
        )
        return (
            data[:a]
            + re.sub(
                rb'(\s(?:r|s|t|count|uniqueCount|sheetId|ref|si)=")[^"]*"',
                rb"\g<1>" + lie + b'"',
                data[a:z],
                count=1,
            )
            + data[z:]
        )
    if op == "swap":
        b, y = rng.choice(spans)
        if b < a:
            (a, z), (b, y) = (b, y), (a, z)
        if b < z:
            return data
        return data[:a] + data[b:y] + data[z:b] + data[a:z] + data[y:]
    raise AssertionError(op)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PARTS),
            st.sampled_from(["flip", "truncate", "drop", "duplicate", "attribute", "swap"]),
        ),
        min_size=1,
        max_size=3,
    ),
    st.integers(min_value=0, max_value=2**32),
)
def test_mutated_workbook_is_a_result_or_unreadable(report, tmp_path: Path, ops, seed: int) -> None:
    _src, members = report
    rng = random.Random(seed)
    changed = dict(members)
    for part, op in ops:
        changed[part] = _mutate(changed[part], op, rng)
    p = tmp_path / f"m{seed}.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in changed.items():
            z.writestr(name, data)
    with time_limit(20):
        r = check_file(p, debug=True)
    assert r.status in ("ok", "warnings", "errors", "unreadable")
    if r.status == "unreadable":
        assert r.findings and r.findings[0].code in ("file-unreadable", "no-tables")
        assert p.name in r.findings[0].message
        assert re.search(r"[\u4e00-\u9fff]", r.findings[0].message)


# ----------------------------------------------------------------------------- mutated grids


@pytest.fixture(scope="module")
def grid_book(report):
    from govreport.read.spreadsheet import open_book

    return open_book(report[0])


CELL_VALUES = st.one_of(
    st.none(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "",
            "无",
            "-",
            "3件",
            "１２",
            "总计",
            "本年新收",
            "（一）予以公开",
            "申请人情况",
            "自然人",
            "=SUM(D23:I23)",
            "=J23",
            "=A1+A1",
            "=#REF!",
            "=SUM(A1:XFD1048576)",
            "=1/0",
            "=年报!D23",
            "三、本年度办理结果",
            "行政复议",
            "万元",
            "（单位：万元）",
            "\n",
            "　",
        ]
    ),
    st.text(alphabet=LABEL_CHARS, max_size=12),
)


@FUZZ
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 16), CELL_VALUES), max_size=30),
    st.lists(
        st.tuples(st.integers(-2, 60), st.integers(-2, 16), st.integers(-2, 60), st.integers(-2, 16)),
        max_size=5,
    ),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=3),
)
def test_mutated_grid_is_checked_without_crash(grid_book, edits, merges, swaps) -> None:
    """Cells overwritten (labels elsewhere, formulas with cycles, odd types), odd merges, rows swapped."""
    from govreport.check.run import check_book
    from govreport.read.model import Book, Sheet

    sheets = []
    for s in grid_book.sheets:
        rows = [list(r) for r in s.rows]
        formulas = dict(s.formulas)
        for r, c, v in edits:
            while len(rows) <= r:
                rows.append([])
            while len(rows[r]) <= c:
                rows[r].append("")
            if isinstance(v, str) and v.startswith("="):
                formulas[(r, c)] = v[1:]
                v = ""
            rows[r][c] = "" if v is None else v
        for a, b in swaps:
            if a < len(rows) and b < len(rows):
                rows[a], rows[b] = rows[b], rows[a]
        sheets.append(Sheet(s.name, rows, [*s.merged, *merges], formulas, s.hidden))
    with time_limit(20):
        r = check_book(Book(grid_book.path, grid_book.format, sheets))
    assert r.status in ("ok", "warnings", "errors", "unreadable")


# ----------------------------------------------------------------------------- text copies

SEED_LINES = (
    (
        Path(__file__).resolve().parents[2]
        / "workbooks"
        / "老城区商务和工业信息化局2021年政府信息公开工作年度报告.txt"
    )
    .read_text(encoding="utf-8")
    .splitlines()
)
LINE_OPS = st.sampled_from(
    ["drop", "dup", "tab", "untab", "join", "cut", "blank", "number", "digits", "splice"]
)


@FUZZ
@given(st.lists(st.tuples(LINE_OPS, st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=12))
@example(ops=[("dup", 0, 0), ("join", 331, 0)])  # a header placed past its line's end (IndexError, found so)
def test_mutated_text_copy_is_a_result_or_unreadable(tmp_path: Path, ops) -> None:
    """A text copy edited the ways copies get mangled (lines lost, doubled, joined, cut; fields added or lost):
    checked or refused, never an internal error."""
    lines = list(SEED_LINES)
    for op, k, j in ops:
        i = k % len(lines)
        line = lines[i]
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "dup":
            lines.insert(i, line)
        elif op == "tab":
            at = j % (len(line) + 1)
            lines[i] = line[:at] + "\t" * (1 + j % 3) + line[at:]
        elif op == "untab":
            lines[i] = line.replace("\t", "", 1 + j % 3)
        elif op == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [line + ("\t" if j % 2 else "") + lines[i + 1]]
        elif op == "cut":
            at = j % (len(line) + 1)
            lines[i : i + 1] = [line[:at], line[at:]]
        elif op == "blank":
            lines.insert(i, "\t" * (j % 9))
        elif op == "number":
            lines[i] = line + "\t" + str(j % 1000)
        elif op == "digits":  # digits typed into a label or header
            at = j % (len(line) + 1)
            lines[i] = line[:at] + str(j) + line[at:]
        elif op == "splice" and i + 1 < len(lines):  # a line's head glued to a later line's tail
            other = lines[(i + 1 + j) % len(lines)]
            lines[i] = line[: j % (len(line) + 1)] + other[j % (len(other) + 1) :]
    p = tmp_path / "某局2021年政府信息公开工作年度报告.txt"
    p.write_text("\n".join(lines), encoding="utf-8")
    with time_limit(20):
        report = check_file(p, debug=True)
    assert report.status in ("ok", "warnings", "errors", "unreadable")
