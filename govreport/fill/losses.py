"""What an openpyxl round trip loses: an inventory of a workbook's zip, compared before and after.

openpyxl rebuilds the workbook from its own object model, so whatever it does not model is gone after
`load_workbook` + `save`: shapes and text boxes in drawings, the x14 extensions in `<extLst>` (sparklines,
slicers, newer conditional formats and data validations), threaded comments, form controls, embedded OLE
objects, printer settings, the data model… Rather than trust a list of what openpyxl supports, we count
the things in the input and in the written file and report every count that went down. Formula cached
values are always dropped by openpyxl: that is reported too (the written workbook recalculates on load).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import IO

from govreport.messages import render

# (category, Chinese name); the order is the order of the report
NAMES: dict[str, str] = {
    "chart": "图表",
    "image": "图片",
    "shape": "形状或文本框",
    "connector": "连接线",
    "group-shape": "组合图形",
    "sparkline": "迷你图",
    "x14-conditional-format": "新版条件格式（x14 扩展）",
    "x14-data-validation": "引用其他工作表的数据验证（x14 扩展）",
    "slicer": "切片器",
    "timeline": "日程表",
    "ext": "工作表的其他扩展内容（extLst）",
    "threaded-comment": "新版批注（会话式批注，保留为普通批注）",
    "comment-format": "批注的字体格式",
    "form-control": "表单控件",
    "ole-object": "嵌入的对象（OLE）",
    "pivot-table": "数据透视表",
    "external-link": "外部链接",
    "vba": "宏（VBA）",
    "printer-settings": "打印机设置",
    "data-model": "数据模型",
    "query-table": "查询表",
    "custom-xml": "自定义 XML 数据",
    "header-image": "页眉页脚中的图片",
    "other-part": "其他部件",
}

_PART_RULES: tuple[tuple[str, str], ...] = (
    (r"^xl/charts/chart\d+\.xml$", "chart"),
    (r"^xl/slicers/", "slicer"),
    (r"^xl/timelines/", "timeline"),
    (r"^xl/threadedComments/", "threaded-comment"),
    (r"^xl/ctrlProps/", "form-control"),
    (r"^xl/embeddings/", "ole-object"),
    (r"^xl/pivotTables/pivotTable\d+\.xml$", "pivot-table"),
    (r"^xl/externalLinks/externalLink\d+\.xml$", "external-link"),
    (r"^xl/vbaProject\.bin$", "vba"),
    (r"^xl/printerSettings/", "printer-settings"),
    (r"^xl/model/", "data-model"),
    (r"^xl/queryTables/", "query-table"),
    (r"^customXml/item\d+\.xml$", "custom-xml"),
)
# parts whose names openpyxl regenerates or whose content is counted elsewhere
_KNOWN = re.compile(
    r"^(\[Content_Types\]\.xml|_rels/|docProps/|xl/_rels/|xl/workbook\.xml|xl/styles\.xml|xl/theme/"
    r"|xl/sharedStrings\.xml|xl/calcChain\.xml|xl/worksheets/|xl/drawings/|xl/media/|xl/comments"
    r"|xl/tables/|xl/charts/|xl/pivotCache/|xl/pivotTables/|xl/externalLinks/|customXml/|xl/persons/"
    r"|xl/chartsheets/|xl/metadata\.xml|xl/richData/)"
)
_EXT_URI = {
    "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}": "sparkline",
    "{78C0D931-6437-407d-A8EE-F0AAD7539E65}": "x14-conditional-format",
    "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}": "x14-data-validation",
    "{A8765BA9-456A-4dab-B4F3-ACF838C121DE}": "slicer",
    "{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}": "slicer",
    "{7E03D99C-DC04-49d9-9315-930204A7B6E9}": "timeline",
}
_EXT = re.compile(rb'<(?:\w+:)?ext\b[^>]*\buri="([^"]+)"')
_WS_EXTLST = re.compile(rb"<(?:\w+:)?extLst\b.*?</(?:\w+:)?extLst>", re.S)
_IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf")


def inventory(path: str | Path | IO[bytes]) -> Counter[str]:
    """How many of each droppable thing the workbook file holds (read from its zip, nothing executed)."""
    out: Counter[str] = Counter()
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        for name in names:
            for pat, cat in _PART_RULES:
                if re.search(pat, name):
                    out[cat] += 1
                    break
            else:
                if not _KNOWN.search(name) and not name.endswith("/") and not name.startswith("xl/media/"):
                    out["other-part"] += 1
        for name in names:
            if name.startswith("xl/drawings/") and name.endswith(".xml") and "/_rels/" not in name:
                data = z.read(name)
                out["shape"] += len(re.findall(rb"<(?:\w+:)?sp>|<(?:\w+:)?sp\s", data))
                out["connector"] += len(re.findall(rb"<(?:\w+:)?cxnSp[\s>]", data))
                out["group-shape"] += len(re.findall(rb"<(?:\w+:)?grpSp[\s>]", data))
                out["image"] += len(re.findall(rb"<(?:\w+:)?pic[\s>]", data))
            elif name.startswith("xl/drawings/") and name.endswith(".vml"):
                data = z.read(name)
                # legacy VML: comment boxes are rebuilt by openpyxl; controls and header images are not
                out["form-control"] += len(re.findall(rb"<x:ClientData\s+ObjectType=\"(?!Note)", data))
                if b"o:relid" in data and b"<x:ClientData" not in data:
                    out["header-image"] += len(re.findall(rb"<v:imagedata", data))
            elif re.match(r"^xl/worksheets/sheet\d+\.xml$", name):
                data = z.read(name)
                for block in _WS_EXTLST.findall(data):
                    for uri in _EXT.findall(block):
                        out[_EXT_URI.get(uri.decode(), "ext")] += 1
            elif re.match(r"^xl/comments\d*\.xml$", name) or re.match(r"^xl/comments/comment\d+\.xml$", name):
                data = z.read(name)
                # a comment with more than its one plain run had fonts of its own
                out["comment-format"] += sum(
                    1
                    for c in re.split(rb"<(?:\w+:)?comment\s", data)[1:]
                    if re.search(rb"<(?:\w+:)?rPr[\s>]", c)
                )
    return +out


def formula_cache_count(path: str | Path | IO[bytes]) -> int:
    """How many formulas of the input carry a cached value (openpyxl writes none back)."""
    n = 0
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if re.match(r"^xl/worksheets/sheet\d+\.xml$", name):
                data = z.read(name)
                if b"<f" in data:
                    n += len(re.findall(rb"</f>\s*<v>", data))
    return n


def dropped(before: Counter[str], after: Counter[str], cached_formulas: int = 0) -> list[str]:
    """Chinese lines for everything the written file holds less of than the input."""
    lines = []
    for cat, name in NAMES.items():
        lost = before.get(cat, 0) - after.get(cat, 0)
        if lost > 0:
            lines.append(render("lost-count", name=name, n=lost))
    if cached_formulas:
        lines.append(render("lost-cached-formulas", n=cached_formulas))
    return lines
