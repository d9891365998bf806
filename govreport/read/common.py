"""What the web-page and text-copy readers share: size bounds, telling binary data from text, cleaning a
cell's text and joining sentences that a line break split."""

from __future__ import annotations

import re

from govreport.messages import render
from govreport.read.guards import MAX_TEXT_CELLS, UnreadableError

# A published report page is 50-500 KB, a text copy 5-50 KB. A page saved from a browser with its images
# inline (base64) can reach a few MB: 20 MiB leaves room for that and keeps parsing under a few seconds.
MAX_MARKUP_BYTES = 20 * 1024 * 1024
MAX_LINES = 100_000  # a text copy of a report has ~100-300 lines
MAX_GRID_CELLS = 2_000_000  # expanded cells of all tables (rowspan/colspan) or of the text grid together
MAX_COLUMNS = 1_000  # HTML caps colspan at 1,000; a report table has < 20 columns

_BINARY_CTRL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff]+")
# characters where two pieces of one label meet with no space (社会 / 公益 / 组织, 三、本年度 / 办理结果)
_ASCII_WORD = re.compile(r"[0-9A-Za-z]")


def too_large(n_bytes: int, what: str) -> None:
    """Refuse a web page or text copy larger than MAX_MARKUP_BYTES before decoding it."""
    if n_bytes > MAX_MARKUP_BYTES:
        raise UnreadableError(
            render(
                "read-markup-too-large",
                what=what,
                mib=n_bytes // (1024 * 1024),
                max_mib=MAX_MARKUP_BYTES // (1024 * 1024),
            ),
            "too-large",
        )


def refuse_binary(text: str, what: str) -> None:
    """Refuse decoded text that is really binary data (an image or archive renamed .html/.txt)."""
    sample = text[:65536]
    if not sample:
        return
    bad = len(_BINARY_CTRL.findall(sample)) + sample.count("\ufffd")
    if "\x00" in sample or bad > max(8, len(sample) // 100):
        raise UnreadableError(
            render("read-markup-binary", what=what),
            "not-a-workbook",
        )


def too_many_cells(n: int, where: str) -> UnreadableError:
    return UnreadableError(
        render("read-grid-too-big", where=where, n=n, max_grid_cells=MAX_GRID_CELLS),
        "too-many-cells",
    )


def too_many_texts(n: int, where: str) -> UnreadableError:
    return UnreadableError(
        render("read-markup-too-many-text-cells", where=where, n=n, max_text_cells=MAX_TEXT_CELLS),
        "too-many-cells",
    )


def clean(text: str) -> str:
    """One line of a cell: &nbsp;, full-width and zero-width spaces as spaces, runs of them as one, trimmed."""
    return _SPACES.sub(" ", text).strip()


def join_pieces(pieces: list[str]) -> str:
    """A cell's lines (its <p>s, <br>s) as one text: pieces of a word-wrapped Chinese label join directly
    (社会/公益/组织 -> 社会公益组织), pieces with Latin letters or digits at the seam keep a space ("0 0" stays
    two numbers, not 00)."""
    out = ""
    for p in pieces:
        p = clean(p)
        if not p:
            continue
        if out and (_ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(p[0])):
            out += " "
        out += p
    return out


_SENTENCE_END = "。！？；!?;：:…）)」”"


def join_sentences(paragraphs: list[str]) -> list[str]:
    """Join a paragraph to the next when a line break cut a sentence (no sentence end at the break)."""
    out: list[str] = []
    carry = ""
    for p in paragraphs:
        p = clean(p)
        if not p:
            if carry:
                out.append(carry)
                carry = ""
            continue
        if carry and _is_heading(p):  # a heading never continues the sentence above it
            out.append(carry)
            carry = ""
        carry = carry + p if carry else p
        if carry[-1] in _SENTENCE_END or _is_heading(carry):
            out.append(carry)
            carry = ""
    if carry:
        out.append(carry)
    return out


_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.．、])")


def _is_heading(text: str) -> bool:
    """A short numbered heading line (一、总体情况, 1.主动公开情况) or the report's title is a paragraph of its own."""
    return (len(text) <= 40 and bool(_HEADING.match(text))) or (
        len(text) <= 80 and "政府信息公开" in text and text.endswith(("报告", "年报"))
    )
