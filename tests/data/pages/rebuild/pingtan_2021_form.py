"""Rebuild the three tables of a 2021-form 平潭 report page (no style attributes) from the numbers read off the
page and its text copy. Usage: gen21.py YEAR OUT."""

import sys

NB = "&nbsp;"
YEAR, OUT = sys.argv[1], sys.argv[2]
STYLE = {"2021": "word", "2022": "plain", "2023": "cms", "2025": "cms"}[YEAR]


def cell(text):
    if (
        STYLE == "word"
    ):  # the 2021 page: Word paste, <o:p>, <font face> pieces, a leading &nbsp; in some cells
        return f'<p class="p"><span>{text}</span><span><o:p></o:p></span></p>'
    if STYLE == "cms":  # the 2024/2025 site editor
        return f'<p style="text-indent: 0em;">{text}</p>'
    return f"<p><span>{text}</span></p>"


def td(text, cs=1, rs=1):
    a = (f' colspan="{cs}"' if cs > 1 else "") + (f' rowspan="{rs}"' if rs > 1 else "")
    return f"<td{a}>{cell(text)}</td>"


def tr(*c):
    return "<tr>" + "".join(c) + "</tr>"


def nums(v, pads=None):
    pads = pads or {}
    return [td(pads.get(i, str(x))) for i, x in enumerate(v)]


D = {  # table 1: (rules issued, repealed, in force), licences, penalties, coercion, fees
    "2021": ((0, 0, 0), (69, 3, 665), 2293, 1282, 42, "24252.311082"),
    "2022": ((0, 0, 0), (88, 55, 698), 10690, 2113, 0, "9116.36"),
    "2023": ((0, 0, 0), (77, 132, 470), 2629, 1330, 54, "5949.088667"),
    "2025": ((0, 0, 0), (58, 45, 546), 2418, 644, 64, "4166.241619"),
}[YEAR]
R = {  # table 2 rows that are not all 0: row key -> 7 numbers
    "2021": {
        "new": [64, 0, 0, 2, 0, 4, 70],
        "r1": [27, 0, 0, 2, 0, 1, 30],
        "r2": [5, 0, 0, 0, 0, 0, 5],
        "r3_5": [1, 0, 0, 0, 0, 0, 1],
        "r3_7": [6, 0, 0, 0, 0, 0, 6],
        "r3_8": [1, 0, 0, 0, 0, 0, 1],
        "r4_1": [22, 0, 0, 0, 0, 3, 25],
        "r6_3": [1, 0, 0, 0, 0, 0, 1],
        "total": [63, 0, 0, 2, 0, 4, 69],
        "next": [1, 0, 0, 0, 0, 0, 1],
    },
    "2022": {
        "new": [71, 3, 0, 0, 0, 0, 74],
        "prev": [1, 0, 0, 0, 0, 0, 1],
        "r1": [21, 0, 0, 0, 0, 0, 21],
        "r2": [8, 1, 0, 0, 0, 0, 9],
        "r3_5": [1, 0, 0, 0, 0, 0, 1],
        "r3_6": [2, 0, 0, 0, 0, 0, 2],
        "r3_7": [1, 0, 0, 0, 0, 0, 1],
        "r4_1": [37, 0, 0, 0, 0, 0, 37],
        "r6_1": [2, 0, 0, 0, 0, 0, 2],
        "r6_3": [0, 2, 0, 0, 0, 0, 2],
        "total": [72, 3, 0, 0, 0, 0, 75],
    },
    "2023": {
        "new": [80, 1, 0, 0, 0, 0, 81],
        "r1": [22, 0, 0, 0, 0, 0, 22],
        "r2": [19, 1, 0, 0, 0, 0, 20],
        "r3_4": [1, 0, 0, 0, 0, 0, 1],
        "r3_6": [1, 0, 0, 0, 0, 0, 1],
        "r3_7": [1, 0, 0, 0, 0, 0, 1],
        "r3_8": [2, 0, 0, 0, 0, 0, 2],
        "r4_1": [31, 0, 0, 0, 0, 0, 31],
        "r5_2": [1, 0, 0, 0, 0, 0, 1],
        "r6_1": [1, 0, 0, 0, 0, 0, 1],
        "r6_3": [1, 0, 0, 0, 0, 0, 1],
        "total": [80, 1, 0, 0, 0, 0, 81],
    },
    "2025": {
        "new": [151, 3, 0, 0, 0, 0, 154],
        "r1": [33, 0, 0, 0, 0, 0, 33],
        "r2": [38, 0, 0, 0, 0, 0, 38],
        "r3_5": [3, 0, 0, 0, 0, 0, 3],
        "r3_6": [2, 0, 0, 0, 0, 0, 2],
        "r3_7": [3, 0, 0, 0, 0, 0, 3],
        "r3_8": [3, 0, 0, 0, 0, 0, 3],
        "r4_1": [49, 1, 0, 0, 0, 0, 50],
        "r4_2": [3, 0, 0, 0, 0, 0, 3],
        "r5_1": [2, 0, 0, 0, 0, 0, 2],
        "r6_1": [8, 0, 0, 0, 0, 0, 8],
        "r6_2": [2, 0, 0, 0, 0, 0, 2],
        "r6_3": [1, 0, 0, 0, 0, 0, 1],
        "total": [147, 1, 0, 0, 0, 0, 148],
        "next": [4, 2, 0, 0, 0, 0, 6],
    },
}[YEAR]
T3 = {
    "2021": [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0],
    "2022": [0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
    "2023": [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2],
    "2025": [25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3],
}[YEAR]


def row(k):
    return nums(R.get(k, [0] * 7))


rules, norms, lic, pen, coe, fee = D
sec6 = "&nbsp;第二十条第（六）项" if STYLE == "word" else "第二十条第（六）项"
t1 = [
    tr(td("第二十条第（一）项", 4)),
    tr(td("信息内容"), td("本年制发件数"), td("本年废止件数"), td("现行有效件数")),
    tr(td("规章"), *nums(rules, {0: NB + "0"} if STYLE == "word" else None)),
    tr(td("行政规范性文件"), *nums(norms)),
    tr(td("第二十条第（五）项", 4)),
    tr(td("信息内容"), td("本年处理决定数量", 3)),
    tr(td("行政许可"), td(str(lic), 3)),
    tr(td(sec6, 4)),
    tr(td("信息内容"), td("本年处理决定数量", 3)),
    tr(td("行政处罚"), td(str(pen), 3)),
    tr(td("行政强制"), td(str(coe), 3)),
    tr(td("第二十条第（八）项", 4)),
    tr(td("信息内容"), td("本年收费金额（单位：万元）", 3)),
    tr(td("行政事业性收费"), td(fee, 3)),
]
if STYLE == "cms" and YEAR == "2023":  # 商业/企业, 科研/机构 as two <p>s each
    heads = [
        f"<td>{cell('商业')}{cell('企业')}</td>",
        f"<td>{cell('科研')}{cell('机构')}</td>",
        td("社会公益组织"),
        td("法律服务机构"),
        td("其他"),
    ]
    results = td("三、本年度办理结果", rs=22)
elif STYLE == "cms":  # the site editor splits the narrow headers over <p>s padded with &nbsp;
    pad = " " + "&nbsp; " * 7 + "&nbsp;"
    heads = [
        f"<td>{cell('商业')}{cell('企业')}</td>",
        f"<td>{cell('科研')}{cell('机构')}</td>",
        f"<td>{cell('社会')}{cell('公益' + pad)}{cell('组织' + pad)}</td>",
        f"<td>{cell('法律')}{cell('服务' + pad)}{cell('机构' + pad)}</td>",
        td("其他"),
    ]
    results = f'<td rowspan="22">{cell("三、本年度办")}{cell("理结果")}</td>'
elif STYLE == "plain" and YEAR == "2022":  # the text copy shows "商业 企业 科研 机构"
    heads = [
        td("商业</span><span> 企业"),
        td("科研</span><span> 机构"),
        td("社会公益组织"),
        td("法律服务机构"),
        td("其他"),
    ]
    results = td("三、本年度办理结果", rs=22)
else:
    heads = [td("商业企业"), td("科研机构"), td("社会公益组织"), td("法律服务机构"), td("其他")]
    results = td("三、本年度办理结果", rs=22)
t2 = [
    tr(td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), td("申请人情况", 7)),
    tr(td("自然人", rs=2), td("法人或其他组织", 5), td("总计", rs=2)),
    tr(*heads),
    tr(td("一、本年新收政府信息公开申请数量", 3), *row("new")),
    tr(td("二、上年结转政府信息公开申请数量", 3), *row("prev")),
    tr(results, td("（一）予以公开", 2), *row("r1")),
    tr(td("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2), *row("r2")),
]
items3 = [
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
]
items4 = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
items5 = [
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
]
items6 = [
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
]
for g, name, items in (
    (3, "（三）不予公开", items3),
    (4, "（四）无法提供", items4),
    (5, "（五）不予处理", items5),
    (6, "（六）其他处理", items6),
):
    for i, it in enumerate(items):
        head = [td(name, rs=len(items))] if i == 0 else []
        t2.append(tr(*head, td(it), *row(f"r{g}_{i + 1}")))
t2 += [tr(td("（七）总计", 2), *row("total")), tr(td("四、结转下年度继续办理", 3), *row("next"))]
h5 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
t3 = [
    tr(td("行政复议", 5), td("行政诉讼", 10)),
    tr(*[td(h, rs=2) for h in h5], td("未经复议直接起诉", 5), td("复议后起诉", 5)),
    tr(*[td(h) for h in h5 * 2]),
    tr(*nums(T3)),
]


def table(rows):
    return '<table border="1" cellspacing="0"><tbody>' + "".join(rows) + "</tbody></table>\n"


title = f"平潭综合实验区{YEAR}年度政府信息公开工作年度报告"
sec4 = (
    "四、政府信息公开行政法复议、行政诉讼情况" if YEAR == "2022" else "四、政府信息公开行政复议、行政诉讼情况"
)
html = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>'
    + title
    + "</title></head><body>\n<h1>"
    + title
    + '</h1>\n<div class="TRS_Editor">\n<p>二、主动公开政府信息情况</p>\n'
    + table(t1)
    + "<p>三、收到和处理政府信息公开申请情况</p>\n"
    + table(t2)
    + f"<p>{sec4}</p>\n"
    + table(t3)
    + "<p>五、存在的主要问题及改进情况</p>\n</div></body></html>\n"
)
open(OUT, "w", encoding="utf-8").write(html)
