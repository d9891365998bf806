"""The seed report (docs/seed-report.txt) pasted whole into one sheet: title, every prose paragraph in
column A (including "2.主动公开情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项" and its "无"),
the three tables aligned in the national layout with the seed's blanks ((一), (二), (三)1 blank in every
column) and its label 2.其他法律法规禁止公开, a hidden row with a clerk's note inside table 2, and one
injected error: （七）总计 · 自然人 typed 1 (everything else is 0)."""

from pathlib import Path

from openpyxl import Workbook

FILENAME = "Book1.xlsx"
ROOT = Path(__file__).resolve().parents[3]
APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def _paragraphs(text: str, start: str, stop: str) -> list[str]:
    body = text[text.index(start) : text.index(stop)] if stop else text[text.index(start) :]
    return [line.strip() for line in body.splitlines() if line.strip()]


def build(path: Path) -> None:
    seed = (ROOT / "docs" / "seed-report.txt").read_text(encoding="utf-8")
    wb = Workbook()
    ws = wb.active
    r = 1
    for line in _paragraphs(seed, "老城区", "二、主动公开政府信息情况"):
        ws.cell(r, 1, line)
        r += 1
    ws.cell(r, 1, "二、主动公开政府信息情况")
    r += 1
    blocks = [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
        ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
        ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元，保留4位小数）"], ["行政事业性收费"]),
    ]
    for heading, headers, rows in blocks:
        ws.cell(r, 1, heading)
        ws.cell(r + 1, 1, "信息内容")
        for i, h in enumerate(headers):
            ws.cell(r + 1, 2 + i, h)
        for n, label in enumerate(rows):
            ws.cell(r + 2 + n, 1, label)
            for i in range(len(headers)):
                ws.cell(r + 2 + n, 2 + i, 0)
        r += 2 + len(rows)
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    top = r + 1
    ws.cell(top, 1, "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=3)
    ws.cell(top, 4, "申请人情况")
    ws.merge_cells(start_row=top, start_column=4, end_row=top, end_column=10)
    ws.cell(top + 1, 4, "自然人")
    ws.merge_cells(start_row=top + 1, start_column=4, end_row=top + 2, end_column=4)
    ws.cell(top + 1, 5, "法人或其他组织")
    ws.merge_cells(start_row=top + 1, start_column=5, end_row=top + 1, end_column=9)
    ws.cell(top + 1, 10, "总计")
    ws.merge_cells(start_row=top + 1, start_column=10, end_row=top + 2, end_column=10)
    for i, name in enumerate(APPLICANTS[1:]):
        ws.cell(top + 2, 5 + i, name)
    r = top + 3
    lines = [
        ln
        for ln in seed[seed.index("一、本年新收") : seed.index("四、政府信息公开行政复议")].splitlines()
        if ln.strip()
    ]
    group = None
    results_start = None
    for line in lines:
        cells = line.split("\t")
        texts = [c.strip() for c in cells if c.strip() and not c.strip().isdigit()]
        if texts == ["公开"]:
            continue  # the PDF's stray tail of （三）不予公开 belongs to the label above
        texts = [t for t in texts if t != "公开"]
        nums = [int(c) for c in cells if c.strip().isdigit()]
        if texts[0].startswith(("一、", "二、", "四、")):
            ws.cell(r, 1, texts[0])
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        else:
            if texts[0].startswith("三、"):
                results_start = r
                ws.cell(r, 1, texts.pop(0))
            if " 1." in texts[0]:
                texts = texts[0].split(" 1.") + []  # "(三) 不予公开 1.属于国家秘密" is group and item
                texts[1] = "1." + texts[1]
            if len(texts) == 2 or not texts[0].startswith("("):
                if texts[0].startswith("("):
                    group = r
                    ws.cell(r, 2, texts.pop(0))
                ws.cell(r, 3, texts[0])
            else:
                ws.cell(r, 2, texts[0])
                ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        for i, v in enumerate(nums):
            ws.cell(r, 4 + i, v)
        if texts[0].startswith("(七)"):
            ws.cell(r, 4, 1)  # the injected error
            ws.merge_cells(start_row=results_start, start_column=1, end_row=r, end_column=1)
        r += 1
        if r == top + 8:
            ws.cell(r, 12, "注：本表由局办公室填报，请勿改动公式")
            ws.row_dimensions[r].hidden = True
            r += 1
    assert group
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    top = r + 2
    ws.cell(top, 1, "行政复议")
    ws.cell(top, 6, "行政诉讼")
    ws.cell(top + 1, 6, "未经复议直接起诉")
    ws.cell(top + 1, 11, "复议后起诉")
    for i, leaf in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
        ws.cell(top + 1, 1 + i, leaf)
        ws.cell(top + 2, 6 + i, leaf)
        ws.cell(top + 2, 11 + i, leaf)
    for i in range(15):
        ws.cell(top + 3, 1 + i, 0)
    r = top + 5
    for line in _paragraphs(seed, "五、存在的主要问题及改进情况", ""):
        ws.cell(r, 1, line)
        r += 1
    wb.save(path)
