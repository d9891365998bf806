"""Shared data for the real-layout corpus: the printed labels and one consistent set of numbers.

The builders write workbooks cell by cell with openpyxl (never through govreport.template), copying the
layouts agencies publish: provincial Excel templates, PDF-to-Excel conversions, one sheet per table.
"""

from __future__ import annotations

# Table 2 of the 2021 form: (key, group label or None, own label). A group row has no numbers.
T2_2021: list[tuple[str, str | None, str]] = [
    ("new", None, "一、本年新收政府信息公开申请数量"),
    ("carried_in", None, "二、上年结转政府信息公开申请数量"),
    ("results", None, "三、本年度办理结果"),
    ("granted", None, "（一）予以公开"),
    ("partial", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("refused_state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("refused_other_laws", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("refused_security", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("refused_third_party", "（三）不予公开", "4.保护第三方合法权益"),
    ("refused_internal", "（三）不予公开", "5.属于三类内部事务信息"),
    ("refused_process", "（三）不予公开", "6.属于四类过程性信息"),
    ("refused_enforcement_file", "（三）不予公开", "7.属于行政执法案卷"),
    ("refused_query", "（三）不予公开", "8.属于行政查询事项"),
    ("unable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("not_processed_petition", "（五）不予处理", "1.信访举报投诉类申请"),
    ("not_processed_repeated", "（五）不予处理", "2.重复申请"),
    ("not_processed_publication", "（五）不予处理", "3.要求提供公开出版物"),
    ("not_processed_mass", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("not_processed_confirm", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    (
        "other_overdue_correction",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other_overdue_fee",
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other_other", "（六）其他处理", "3.其他"),
    ("handled_total", None, "（七）总计"),
    ("carried_out", None, "四、结转下年度继续办理"),
]

# The 2019 form: （六）其他处理 is one row with its own numbers.
T2_2019: list[tuple[str, str | None, str]] = [row for row in T2_2021 if not row[0].startswith("other_")]
T2_2019.insert(
    T2_2019.index(("handled_total", None, "（七）总计")), ("other_handling", None, "（六）其他处理")
)

APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]

# Six applicant columns per result item; every item not listed is 0.
_ITEMS = {
    "granted": [10, 3, 1, 0, 1, 0],
    "partial": [3, 1, 0, 0, 0, 0],
    "refused_other_laws": [1, 0, 0, 0, 0, 0],
    "refused_third_party": [1, 0, 0, 0, 0, 0],
    "refused_process": [2, 0, 0, 0, 0, 0],
    "unable_not_held": [4, 1, 0, 0, 1, 1],
    "unable_needs_creation": [1, 0, 0, 0, 0, 0],
    "not_processed_petition": [2, 0, 0, 0, 0, 0],
    "not_processed_repeated": [0, 1, 0, 0, 0, 0],
    "other_overdue_correction": [1, 0, 0, 0, 0, 0],
}


def t2_values(version: str = "2021") -> dict[str, list[int]]:
    """Consistent numbers for table 2: key -> 6 applicant numbers + 总计 (group/label rows absent)."""
    rows = T2_2021 if version == "2021" else T2_2019
    items = dict(_ITEMS)
    if version == "2019":
        items["other_handling"] = items.pop("other_overdue_correction")
    vals: dict[str, list[int]] = {}
    handled = [0] * 6
    for key, _g, _l in rows:
        if key in ("new", "carried_in", "results", "handled_total", "carried_out"):
            continue
        parts = items.get(key, [0] * 6)
        handled = [a + b for a, b in zip(handled, parts, strict=True)]
        vals[key] = parts
    carried_in = [2, 1, 0, 0, 0, 0]
    carried_out = [1, 0, 0, 0, 1, 0]
    vals["handled_total"] = handled
    vals["carried_in"] = carried_in
    vals["carried_out"] = carried_out
    vals["new"] = [h + o - i for h, o, i in zip(handled, carried_out, carried_in, strict=True)]
    return {k: [*v, sum(v)] for k, v in vals.items()}


# Table 3: 行政复议 ×5, 未经复议直接起诉 ×5, 复议后起诉 ×5 (totals consistent).
T3_VALUES = [1, 1, 0, 1, 3, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1]
T3_LEAVES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def col(n: int) -> str:
    """1-based column number -> letters."""
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def write_t3_national(
    ws, top: int, left: int = 1, values=None, review_word: str = "行政复议", merge: bool = True
) -> int:
    """Table 3 as the national Word table: 行政复议 leaves on row 2, litigation leaves on row 3; returns data row."""
    values = T3_VALUES if values is None else values
    ws.cell(top, left, review_word)
    ws.cell(top, left + 5, "行政诉讼")
    ws.cell(top + 1, left + 5, "未经复议直接起诉")
    ws.cell(top + 1, left + 10, "复议后起诉")
    for i, leaf in enumerate(T3_LEAVES):
        ws.cell(top + 1, left + i, leaf)
        ws.cell(top + 2, left + 5 + i, leaf)
        ws.cell(top + 2, left + 10 + i, leaf)
    if merge:
        ws.merge_cells(start_row=top, start_column=left, end_row=top, end_column=left + 4)
        ws.merge_cells(start_row=top, start_column=left + 5, end_row=top, end_column=left + 14)
        ws.merge_cells(start_row=top + 1, start_column=left + 5, end_row=top + 1, end_column=left + 9)
        ws.merge_cells(start_row=top + 1, start_column=left + 10, end_row=top + 1, end_column=left + 14)
        for i in range(5):
            ws.merge_cells(start_row=top + 1, start_column=left + i, end_row=top + 2, end_column=left + i)
    for i, v in enumerate(values):
        ws.cell(top + 3, left + i, v)
    return top + 3


def write_t1_2021(
    ws,
    top: int,
    left: int = 1,
    rules_label: str = "规章",
    repealed: str = "本年废止件数",
    fee_header: str = "本年收费金额（单位：万元）",
    fee=0,
) -> int:
    """Table 1 (2021) as four blocks one under the other; returns the next free row."""
    r = top
    blocks = [
        (
            "第二十条第（一）项",
            ["本年制发件数", repealed, "现行有效件数"],
            [(rules_label, [0, 0, 3]), ("行政规范性文件", [2, 1, 15])],
        ),
        ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [126])]),
        ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", [35]), ("行政强制", [2])]),
        ("第二十条第（八）项", [fee_header], [("行政事业性收费", [fee])]),
    ]
    for heading, headers, rows in blocks:
        ws.cell(r, left, heading)
        ws.merge_cells(start_row=r, start_column=left, end_row=r, end_column=left + 3)
        ws.cell(r + 1, left, "信息内容")
        for i, h in enumerate(headers):
            ws.cell(r + 1, left + 1 + i, h)
        r += 2
        for label, nums in rows:
            ws.cell(r, left, label)
            for i, n in enumerate(nums):
                ws.cell(r, left + 1 + i, n)
            r += 1
    return r


def write_t2_header(
    ws, top: int, left: int, label_cols: int = 2, merge: bool = True, applicants: list[str] | None = None
) -> int:
    """The three header rows of table 2 over the label column(s) at `left`; returns the first data row."""
    names = applicants or APPLICANTS
    first = left + label_cols
    ws.cell(top, left, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    ws.cell(top, first, "申请人情况")
    ws.cell(top + 1, first, names[0])
    ws.cell(top + 1, first + 1, "法人或其他组织")
    ws.cell(top + 1, first + 6, "总计")
    for i, name in enumerate(names[1:]):
        ws.cell(top + 2, first + 1 + i, name)
    if merge:
        ws.merge_cells(start_row=top, start_column=left, end_row=top + 2, end_column=first - 1)
        ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=first + 6)
        ws.merge_cells(start_row=top + 1, start_column=first, end_row=top + 2, end_column=first)
        ws.merge_cells(start_row=top + 1, start_column=first + 1, end_row=top + 1, end_column=first + 5)
        ws.merge_cells(start_row=top + 1, start_column=first + 6, end_row=top + 2, end_column=first + 6)
    return top + 3


def write_t2_two_columns(
    ws, top: int, left: int = 1, version: str = "2021", values=None, merge: bool = True, rows=None
) -> dict[str, int]:
    """Table 2 with group labels in column `left` (merged down) and items beside; returns key -> sheet row.

    `rows` replaces the (key, group, label) list (printed variants of the labels)."""
    rows = rows or (T2_2021 if version == "2021" else T2_2019)
    values = t2_values(version) if values is None else values
    r = write_t2_header(ws, top, left, 2, merge)
    where: dict[str, int] = {}
    spans: dict[str, list[int]] = {}
    for key, group, label in rows:
        if key == "results":
            # this layout gives 三、本年度办理结果 a row of its own, with no numbers
            ws.cell(r, left, label)
            if merge:
                ws.merge_cells(start_row=r, start_column=left, end_row=r, end_column=left + 1)
            r += 1
            continue
        if group:
            spans.setdefault(group, []).append(r)
            ws.cell(r, left + 1, label)
        else:
            ws.cell(r, left, label)
            if merge:
                ws.merge_cells(start_row=r, start_column=left, end_row=r, end_column=left + 1)
        where[key] = r
        for i, v in enumerate(values.get(key, [])):
            if v is not None:
                ws.cell(r, left + 2 + i, v)
        r += 1
    for group, rs in spans.items():
        ws.cell(rs[0], left, group)
        if merge:
            ws.merge_cells(start_row=rs[0], start_column=left, end_row=rs[-1], end_column=left)
    return where


def labels_without_numbering(rows: list[tuple[str, str | None, str]]) -> list[tuple[str, str | None, str]]:
    """The same rows with every 一、 （一） 1. numbering dropped, as some clerks retype them."""
    import re

    strip = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")
    return [(k, strip.sub("", g) if g else None, strip.sub("", lab)) for k, g, lab in rows]


def write_t1_2019(ws, top: int, left: int = 1, change=-3, purchase="251000元") -> int:
    """Table 1 (2019) as five blocks one under the other; returns the next free row."""
    r = top
    three = ["上一年项目数量", "本年增/减", "处理决定数量"]
    blocks = [
        (
            "第二十条第（一）项",
            ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
            [("规章", [0, 0, 3]), ("规范性文件", [2, 2, 15])],
        ),
        ("第二十条第（五）项", three, [("行政许可", [40, change, 120]), ("其他对外管理服务事项", [5, 0, 8])]),
        ("第二十条第（六）项", three, [("行政处罚", [12, 1, 35]), ("行政强制", [3, 0, 2])]),
        ("第二十条第（八）项", three[:2], [("行政事业性收费", [2, -1])]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [("政府集中采购", [6, purchase])]),
    ]
    for heading, headers, rows in blocks:
        ws.cell(r, left, heading)
        ws.cell(r + 1, left, "信息内容")
        for i, h in enumerate(headers):
            ws.cell(r + 1, left + 1 + i, h)
        r += 2
        for label, nums in rows:
            ws.cell(r, left, label)
            for i, n in enumerate(nums):
                ws.cell(r, left + 1 + i, n)
            r += 1
    return r


def t2_on_its_own_sheet():
    """A workbook with tables 1 and 3 on 年报 and the section title of table 2 atop a sheet 依申请公开 of its own:
    (workbook, that sheet); table 2 goes from its row 2."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    ws.cell(1, 1, "二、主动公开政府信息情况")
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 1)
    t2 = wb.create_sheet("依申请公开")
    t2.cell(1, 1, "三、收到和处理政府信息公开申请情况")
    return wb, t2


def build_standard(
    path,
    version: str = "2021",
    values=None,
    t3_values=None,
    t1=None,
    titles: bool = True,
    sheet: str = "Sheet1",
) -> dict[str, int]:
    """All three tables on one sheet under their section titles, table 2 with two label columns.

    Returns table 2's key -> 1-based sheet row; table 2's numbers are in columns C..I.
    """
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    r = 1
    if titles:
        ws.cell(r, 1, "二、主动公开政府信息情况")
        r += 1
    if t1 is not False:
        r = (t1 or (write_t1_2021 if version == "2021" else write_t1_2019))(ws, r) + 1
    if titles:
        ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
        r += 1
    where = write_t2_two_columns(ws, r, version=version, values=values)
    r = max(where.values()) + 2
    if titles:
        ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
        r += 1
    if t3_values is not False:
        where["_t3"] = write_t3_national(ws, r, values=t3_values)
    wb.save(path)
    return where


def write_t2_national(
    ws,
    top: int,
    left: int = 1,
    version: str = "2021",
    values=None,
    merge: bool = True,
    labels: dict[str, str] | None = None,
    groups: dict[str, str] | None = None,
    results_label: str = "三、本年度办理结果",
    repeat: bool = False,
) -> dict[str, int]:
    """Table 2 as the national Word table converts to Excel: THREE label columns. 三、本年度办理结果 is
    merged down the left over （一）…（七）, group labels merged down the middle, items on the right;
    一/二/四 span all three label columns and （一）（二）（六 single）（七） the two right ones.

    `labels`/`groups` replace printed texts by key / group label; `repeat` (with merge=False) prints the
    results and group labels on every row they cover instead of only the first. Returns key -> sheet row.
    """
    rows = T2_2021 if version == "2021" else T2_2019
    values = t2_values(version) if values is None else values
    labels = labels or {}
    groups = groups or {}
    r = write_t2_header(ws, top, left, 3, merge)
    where: dict[str, int] = {}
    spans: dict[str, list[int]] = {}
    result_rows: list[int] = []
    for key, group, label in rows:
        if key == "results":
            continue
        label = labels.get(key, label)
        if key in ("new", "carried_in", "carried_out"):
            ws.cell(r, left, label)
            if merge:
                ws.merge_cells(start_row=r, start_column=left, end_row=r, end_column=left + 2)
        else:
            result_rows.append(r)
            if group:
                spans.setdefault(group, []).append(r)
                ws.cell(r, left + 2, label)
            else:
                ws.cell(r, left + 1, label)
                if merge:
                    ws.merge_cells(start_row=r, start_column=left + 1, end_row=r, end_column=left + 2)
        where[key] = r
        for i, v in enumerate(values.get(key, [])):
            if v is not None:
                ws.cell(r, left + 3 + i, v)
        r += 1
    for at in result_rows if repeat else result_rows[:1]:
        ws.cell(at, left, results_label)
    if merge:
        ws.merge_cells(start_row=result_rows[0], start_column=left, end_row=result_rows[-1], end_column=left)
    for group, rs in spans.items():
        for at in rs if repeat else rs[:1]:
            ws.cell(at, left + 1, groups.get(group, group))
        if merge:
            ws.merge_cells(start_row=rs[0], start_column=left + 1, end_row=rs[-1], end_column=left + 1)
    return where


def write_block(
    ws, r: int, c: int, heading: str | None, headers: list[str], rows, info: str = "信息内容"
) -> int:
    """One table 1 block at (r, c): heading row (unless None), header row, one row per (label, numbers);
    a number None leaves the cell blank. Returns the next free row."""
    if heading is not None:
        ws.cell(r, c, heading)
        r += 1
    ws.cell(r, c, info)
    for i, h in enumerate(headers):
        ws.cell(r, c + 1 + i, h)
    r += 1
    for label, nums in rows:
        ws.cell(r, c, label)
        for i, x in enumerate(nums):
            if x is not None:
                ws.cell(r, c + 1 + i, x)
        r += 1
    return r
