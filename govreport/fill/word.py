"""A corrected Word document: every planned change a tracked change (修订) by govreport, with a comment.

The clerk who wrote the report in Word/WPS accepts or rejects each change there. Only word/document.xml is
edited, by splicing bytes at the cells' positions (found with expat, which gives byte offsets), so everything
else in it stays byte for byte; word/comments.xml is added (or appended to), with its relationship and content
type; every other zip member is copied unchanged. An ElementTree round trip would rename the namespace
prefixes that mc:Ignorable lists, and Word then refuses the file.

A change: the cell's text runs wrapped in w:del (their w:t become w:delText), then a w:ins run with the new
value in the cell's own run properties (its first run's, or its paragraph mark's for an empty cell), anchored
by a comment range. A number cell merged across a row ("0" or "无" over all its cells) is split back into
cells (a split cannot be a tracked change in Word; the comment says so).

Over 400 lines: a tracked change touches the cell's runs, the comment part, its relationship and the
content types together; they are written as one splice over document.xml.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections import Counter
from datetime import UTC, datetime
from xml.parsers import expat
from xml.sax.saxutils import escape

from govreport.fill.plan import KIND_TEXT, CellEdit, Plan
from govreport.findings import FileReport, plain_number
from govreport.messages import render
from govreport.read.docx import COMMENT_AUTHOR, W, cell_positions
from govreport.read.model import EMBEDDED

_COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# what a person would miss if it went: counted in the main part before and after the edit
_COUNTED = {
    "tbl": "表格",
    "drawing": "图片或图形",
    "pict": "图片（VML）",
    "sectPr": "分节与页面设置",
    "headerReference": "页眉引用",
    "footerReference": "页脚引用",
    "hyperlink": "超链接",
    "bookmarkStart": "书签",
    "fldChar": "域（目录、页码等）",
    "fldSimple": "域（目录、页码等）",
    "sdt": "内容控件",
    "commentReference": "批注",
    "footnoteReference": "脚注",
    "endnoteReference": "尾注",
}


class WordWriteError(Exception):
    """The document cannot be edited (no w prefix, a cell we cannot find): the reason in Chinese."""


def word_copy(data: bytes, plan: Plan, report: FileReport) -> tuple[bytes, list[str]]:
    """The document with the plan's edits as tracked changes and comments; and what was lost or not written."""
    part, positions = cell_positions(data)
    z = zipfile.ZipFile(io.BytesIO(data))
    xml = z.read(part)
    prefix = _prefix(xml)
    tcs = _tc_spans(xml, prefix)
    ids = _Ids(max([int(x) for x in re.findall(rb':id="(\d{1,9})"', xml)] + [0]))
    comments_name = "word/comments.xml"
    old_comments = z.read(comments_name) if comments_name in z.NameToInfo else None
    if old_comments is not None:
        ids.n = max([ids.n] + [int(x) for x in re.findall(rb':id="(\d{1,9})"', old_comments)])
    date = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    notes: list[str] = []
    by_tc: dict[int, list[tuple[CellEdit, int, int]]] = {}
    for e in plan.edits:
        pos = positions.get((e.ref.sheet, e.ref.row, e.ref.col))
        if pos is None or pos[3] or (isinstance(e.new, str) and e.new.startswith("=")):
            why = (
                render("word-cell-embedded")
                if e.ref.sheet.startswith(EMBEDDED)
                else render("word-cell-vmerged")
                if pos is not None and pos[3]
                else render("word-cell-not-found")
            )
            notes.append(
                render("word-edit-not-written", cell=e.cell, old=_show(e.old), new=_show(e.new), why=why)
            )
            continue
        ordinal, first, span, _ = pos
        by_tc.setdefault(ordinal, []).append((e, first, span))
    comments: list[str] = []
    splices: list[tuple[int, int, bytes]] = []
    for ordinal, items in by_tc.items():
        start, end = tcs[ordinal]
        frag = xml[start:end]
        _, first, span = items[0]
        if span == 1:
            splices.append((start, end, _edit_tc(frag, items[0][0], prefix, ids, date, comments, False)))
            continue
        # one entry merged over several number cells: one w:tc per grid column, each with its own value
        at = {e.ref.col - first: e for e, _, _ in items}
        parts = [
            _edit_tc(f, at[k], prefix, ids, date, comments, True) if k in at else f
            for k, f in enumerate(_split_tc(frag, span, prefix))
        ]
        splices.append((start, end, b"".join(parts)))
    for start, end, new in sorted(splices, reverse=True):
        xml = xml[:start] + new + xml[end:]
    out = io.BytesIO()
    names_before = {i.filename for i in z.infolist()}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        extra = _comment_parts(z, part, comments, old_comments, prefix) if comments else {}
        for info in z.infolist():
            body = xml if info.filename == part else extra.pop(info.filename, None)
            w.writestr(info, body if body is not None else z.read(info.filename))
        for name, body in extra.items():
            w.writestr(name, body)
    result = out.getvalue()
    return result, _lost(data, result, part, names_before) + notes


class _Ids:
    def __init__(self, n: int) -> None:
        self.n = n

    def next(self) -> int:
        self.n += 1
        return self.n


def _prefix(xml: bytes) -> str:
    m = re.search(rb'xmlns:([A-Za-z_][\w.-]*)="' + re.escape(W.encode()) + b'"', xml[:20000])
    if m is None:
        raise WordWriteError(render("word-no-namespace"))
    return m.group(1).decode()


def _tag_end(buf: bytes, i: int) -> int:
    """Index of the '>' closing the tag that starts at buf[i] (a '>' inside quotes does not count)."""
    quote = 0
    for j in range(i + 1, len(buf)):
        ch = buf[j]
        if quote:
            if ch == quote:
                quote = 0
        elif ch in (34, 39):
            quote = ch
        elif ch == 62:
            return j
    raise WordWriteError(render("word-xml-incomplete"))


def _events(buf: bytes):
    """(event, tag, start, end) of every element of buf, with byte offsets: start..end spans the whole element."""
    parser = expat.ParserCreate()
    stack: list[tuple[str, int]] = []
    out: list[tuple[str, str, int, int]] = []

    def start(tag, attrs):
        i = parser.CurrentByteIndex
        stack.append((tag, i))
        out.append(("start", tag, i, _tag_end(buf, i) + 1))

    def end(tag):
        i = parser.CurrentByteIndex
        _, s = stack.pop()
        e = _tag_end(buf, i) + 1 if buf[i : i + 2] == b"</" else _tag_end(buf, s) + 1
        out.append(("end", tag, s, e))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(buf, True)
    return out


def _tc_spans(xml: bytes, prefix: str) -> list[tuple[int, int]]:
    """Byte span of every w:tc of the part, by its ordinal among the w:tc start tags (as the reader counts).

    Only w:tc events are handled: a WPS document has tens of thousands of formatting elements."""
    tag = f"{prefix}:tc"
    spans: list[list[int]] = []
    open_: list[int] = []
    parser = expat.ParserCreate()

    def start(name, attrs):
        if name == tag:
            open_.append(len(spans))
            spans.append([parser.CurrentByteIndex, -1])

    def end(name):
        if name == tag:
            i = parser.CurrentByteIndex
            k = open_.pop()
            spans[k][1] = _tag_end(xml, i) + 1 if xml[i : i + 2] == b"</" else _tag_end(xml, spans[k][0]) + 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(xml, True)
    return [(s, e) for s, e in spans]


def _runs_text(frag: bytes) -> bytes:
    return re.sub(rb"<(/?)(\w+):t(?=[\s/>])", rb"<\1\2:delText", frag)


def _edit_tc(
    frag: bytes, edit: CellEdit, p: str, ids: _Ids, date: str, comments: list[str], split: bool
) -> bytes:
    """The w:tc fragment with its text deleted and the new value inserted, both tracked, and a comment."""
    events = _events(frag)
    P, R, T = f"{p}:p", f"{p}:r", f"{p}:t"
    dels = {f"{p}:del", f"{p}:moveFrom"}
    stack: list[tuple[str, int, int]] = []  # open elements (tag, start, end of start tag)
    runs: list[dict] = []
    first_p: dict | None = None
    for ev, tag, s, e in events:
        if ev == "start":
            if tag == f"{p}:tbl" and stack:
                raise WordWriteError(render("word-nested-table"))
            if tag == P and first_p is None and len(stack) == 1:
                first_p = {"start": s, "tag_end": e, "ppr": None, "ppr_rpr": None}
            if tag == R:
                names = [x[0] for x in stack]
                # the element directly in the paragraph that holds the run (w:ins, w:hyperlink, w:sdt …): a
                # new w:ins goes after it, never inside another w:ins
                top = next((stack[i] for i in range(1, len(stack)) if stack[i - 1][0] == P), None)
                runs.append(
                    {
                        "start": s,
                        "deleted": bool(dels & set(names)),
                        "text": False,
                        "rpr": None,
                        "top_start": top[1] if top else s,
                        "top_tag": top[0] if top else R,
                        "depth": len(stack),
                    }
                )
            if tag == T and runs and stack and stack[-1][0] == R:
                runs[-1]["text"] = True
            stack.append((tag, s, e))
            continue
        stack.pop()
        if tag == P and first_p is not None and "end" not in first_p and len(stack) == 1:
            first_p["end"] = e
            first_p["empty"] = e == first_p["tag_end"]  # <w:p/>
        elif tag == f"{p}:pPr" and len(stack) == 2 and first_p is not None and "end" not in first_p:
            first_p["ppr"] = (s, e)
        elif (
            tag == f"{p}:rPr"
            and len(stack) == 3
            and stack[-1][0] == f"{p}:pPr"
            and first_p is not None
            and "end" not in first_p
        ):
            first_p["ppr_rpr"] = (s, e)
        elif tag == f"{p}:rPr" and stack and stack[-1][0] == R and runs:
            runs[-1]["rpr"] = (s, e)
        elif tag == R:
            run = next(r for r in reversed(runs) if r["start"] == s)
            run["end"] = e
    for run in runs:  # the end of the element directly in the paragraph that holds each run
        run["top_end"] = run["end"] if run["top_tag"] == R else _element_end(events, run["top_start"])
    live = [r for r in runs if r["text"] and not r["deleted"]]
    cid, new_text = ids.next(), plain_number(edit.new) if not isinstance(edit.new, str) else edit.new
    if live and live[0]["rpr"]:
        rpr = frag[live[0]["rpr"][0] : live[0]["rpr"][1]]
    elif first_p is not None and first_p["ppr_rpr"]:
        rpr = frag[first_p["ppr_rpr"][0] : first_p["ppr_rpr"][1]]
    else:
        rpr = b""
    rpr = re.sub(rb"<\w+:(ins|del|moveFrom|moveTo)\b[^>]*/>", b"", rpr)
    rpr = re.sub(rb"<\w+:rPrChange\b.*?</\w+:rPrChange>", b"", rpr, flags=re.S)
    a = f'{p}:id="{{}}" {p}:author="{COMMENT_AUTHOR}" {p}:date="{date}"'
    ins = (
        f"<{p}:ins {a.format(ids.next())}><{p}:r>".encode()
        + rpr
        + f'<{p}:t xml:space="preserve">{escape(new_text)}</{p}:t></{p}:r></{p}:ins>'.encode()
    )
    start_mark = f'<{p}:commentRangeStart {p}:id="{cid}"/>'.encode()
    end_mark = (
        f'<{p}:commentRangeEnd {p}:id="{cid}"/><{p}:r><{p}:commentReference {p}:id="{cid}"/></{p}:r>'.encode()
    )
    splices: list[tuple[int, int, bytes]] = []
    if live:
        for r in live:
            body = frag[r["start"] : r["end"]]
            splices.append(
                (
                    r["start"],
                    r["end"],
                    f"<{p}:del {a.format(ids.next())}>".encode() + _runs_text(body) + f"</{p}:del>".encode(),
                )
            )
        splices.append((live[0]["top_start"], live[0]["top_start"], start_mark))
        splices.append((live[-1]["top_end"], live[-1]["top_end"], ins + end_mark))
    elif first_p is None:
        close = frag.rindex(b"</")
        splices.append(
            (close, close, f"<{p}:p>".encode() + start_mark + ins + end_mark + f"</{p}:p>".encode())
        )
    elif first_p["empty"]:
        s, e = first_p["start"], first_p["end"]
        open_tag = frag[s:e].rstrip()[:-2].rstrip() + b">"
        splices.append((s, e, open_tag + start_mark + ins + end_mark + f"</{p}:p>".encode()))
    else:
        at = first_p["ppr"][1] if first_p["ppr"] else first_p["tag_end"]
        splices.append((at, at, start_mark + ins + end_mark))
    for s, e, new in sorted(splices, key=lambda x: (x[0], x[1]), reverse=True):
        frag = frag[:s] + new + frag[e:]
    text = f"{COMMENT_AUTHOR} {KIND_TEXT[edit.kind]}：{edit.reason}"
    if split:
        text += render("word-split-note")
    if edit.kind == "needs-review":
        text += render("word-review-note", text=new_text)
    comments.append(_comment_xml(cid, text, date))
    return frag


def _element_end(events, start: int) -> int:
    for ev, _tag, s, e in events:
        if ev == "end" and s == start:
            return e
    raise WordWriteError(render("word-xml-incomplete"))


def _split_tc(frag: bytes, span: int, p: str) -> list[bytes]:
    """A w:tc spanning `span` grid columns as `span` cells: the first keeps the content, the others are empty
    with the same cell and paragraph properties; each takes an equal part of the width."""
    frag = re.sub(rf"<{p}:gridSpan\b[^>]*/>".encode(), b"", frag, count=1)
    m = re.search(rf'<{p}:tcW\b[^>]*{p}:w="(\d+)"'.encode(), frag)
    if m:
        w = int(m.group(1)) // span
        frag = frag[: m.start(1)] + str(w).encode() + frag[m.end(1) :]
    tcpr = re.search(rf"<{p}:tcPr\b.*?</{p}:tcPr>|<{p}:tcPr/>".encode(), frag, flags=re.S)
    ppr = re.search(rf"<{p}:pPr\b.*?</{p}:pPr>|<{p}:pPr/>".encode(), frag, flags=re.S)
    empty = (
        f"<{p}:tc>".encode()
        + (tcpr.group(0) if tcpr else b"")
        + f"<{p}:p>".encode()
        + (ppr.group(0) if ppr else b"")
        + f"</{p}:p></{p}:tc>".encode()
    )
    return [frag] + [empty] * (span - 1)


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _comment_xml(cid: int, text: str, date: str) -> str:
    # a reason quotes cell text: a character XML 1.0 forbids would make the comments part unreadable to Word
    text = _ILLEGAL.sub("?", text)
    paras = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in text.split("\n")
    )
    return f'<w:comment w:id="{cid}" w:author="{COMMENT_AUTHOR}" w:date="{date}" w:initials="GR">{paras}</w:comment>'


def _comment_parts(
    z: zipfile.ZipFile, part: str, comments: list[str], old: bytes | None, prefix: str
) -> dict[str, bytes]:
    """word/comments.xml with ours added; for a new one its relationship and content type too."""
    body = "".join(comments).encode()
    if old is not None:
        # our comments use the prefix w, declared on each of them in case the part's own prefix differs
        body = body.replace(b"<w:comment ", f'<w:comment xmlns:w="{W}" '.encode())
        m = list(re.finditer(rb"</[\w.-]*:?comments>", old))
        if not m:
            raise WordWriteError(render("word-comments-incomplete"))
        at = m[-1].start()
        return {"word/comments.xml": old[:at] + body + old[at:]}
    out = {
        "word/comments.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="{W}">'
        ).encode()
        + body
        + b"</w:comments>"
    }
    rels_name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    target = posixpath.relpath("word/comments.xml", posixpath.dirname(part) or ".")
    rel = f'<Relationship Id="rIdGovreportComments" Type="{_COMMENTS_REL}" Target="{target}"/>'.encode()
    if rels_name in z.NameToInfo:
        rels = z.read(rels_name)
        at = rels.rindex(b"</Relationships>")
        out[rels_name] = rels[:at] + rel + rels[at:]
    else:
        out[rels_name] = (
            (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_REL_NS}">'
            ).encode()
            + rel
            + b"</Relationships>"
        )
    types = z.read("[Content_Types].xml")
    if b'PartName="/word/comments.xml"' not in types:
        at = types.rindex(b"</Types>")
        types = (
            types[:at]
            + f'<Override PartName="/word/comments.xml" ContentType="{_COMMENTS_CT}"/>'.encode()
            + types[at:]
        )
    out["[Content_Types].xml"] = types
    return out


def _inventory(data: bytes, part: str) -> tuple[set[str], Counter[str]]:
    z = zipfile.ZipFile(io.BytesIO(data))
    xml = z.read(part)
    counts: Counter[str] = Counter()
    for name in _COUNTED:
        counts[name] = len(re.findall(rf"<\w+:{name}[\s/>]".encode(), xml))
    return {i.filename for i in z.infolist()}, counts


def _lost(before: bytes, after: bytes, part: str, names: set[str]) -> list[str]:
    """What the copy has less of than the input: zip members, and tables, pictures, fields … of the body."""
    names_b, counts_b = _inventory(before, part)
    names_a, counts_a = _inventory(after, part)
    out = [render("word-lost-part", part=n) for n in sorted(names_b - names_a)]
    for k, v in counts_b.items():
        if counts_a[k] < v:
            out.append(render("lost-count", name=_COUNTED[k], n=v - counts_a[k]))
    return out


def _show(x: object) -> str:
    if x in ("", None):
        return render("fill-shown-blank")
    return str(x) if isinstance(x, str) else plain_number(x)
