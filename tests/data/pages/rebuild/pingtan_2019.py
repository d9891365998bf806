# Rebuilds the tables of 平潭综合实验区2019年度政府信息公开工作年度报告 (archive page.html) without style attributes.
import sys

NB = "&nbsp;"


def td(text, cs=1, rs=1, bare=False):
    a = (f' colspan="{cs}"' if cs > 1 else "") + (f' rowspan="{rs}"' if rs > 1 else "")
    if bare:
        return f"<td{a}>{text}</td>"
    return f"<td{a}><p><span>{text}</span></p></td>"


def tr(*cells):
    return "<tr>" + "".join(cells) + "</tr>"


def nums(vals, pads=None):
    pads = pads or {}
    return [td(pads.get(i, str(v))) for i, v in enumerate(vals)]


t1 = [
    tr(td("第二十条第（一）项", 4)),
    tr(
        td("信息内容"),
        td("本年新</span><span><br/></span><span>制作数量"),
        td("本年新</span><span><br/></span><span>公开数量"),
        td("对外公开总数量"),
    ),
    tr(td("规章"), td("0", bare=True), td("0"), td("0")),
    tr(td("规范性文件"), td("89"), td("89"), td("89")),
    tr(td("第二十条第（五）项", 4)),
    tr(td("信息内容"), td("上一年项目数量"), td("本年增/减"), td("处理决定数量")),
    tr(td("行政许可"), td("396"), td("0"), td("181")),
    tr(td("其他对外管理服务事项"), td("10", bare=True), td("0"), td("153")),
    tr(td("第二十条第（六）项", 4)),
    tr(td("信息内容"), td("上一年项目数量"), td("本年增/减"), td("处理决定数量")),
    tr(td("行政处罚"), td("2648"), td("0"), td("430")),
    tr(td("行政强制"), td("126"), td("0"), td("25")),
    tr(td("第二十条第（八）项", 4)),
    tr(td("信息内容"), td("上一年项目数量"), td("本年增/减", 2)),
    tr(td("行政事业性收费"), td("35"), td("0", 2)),
    tr(td("第二十条第（九）项", 4)),
    tr(td("信息内容"), td("采购项目数量"), td("采购总金额", 2)),
    tr(td("政府集中采购"), td("135"), td("75394432.52元", 2)),
]
Z = [0] * 7
t2 = [
    tr(td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), td("申请人情况", 7)),
    tr(td("自然人", rs=2), td("法人或其他组织", 5), td("总计", rs=2)),
    tr(td("商业企业"), td("科研机构"), td("社会公益组织"), td("法律服务机构"), td("其他")),
    tr(
        td("一、本年新收政府信息公开申请数量", 3),
        *nums([23, 0, 0, 0, 0, 0, 23], {1: "0</span><span>" + NB * 7, 2: NB + "</span><span>0"}),
    ),
    tr(td("二、上年结转政府信息公开申请数量", 3), *nums(Z)),
    tr(td("三、本年度办理结果", rs=10), td("（一）予以公开", 2), *nums([7, 0, 0, 0, 0, 0, 7])),
    tr(td("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2), *nums([1, 0, 0, 0, 0, 0, 1])),
    tr(td("（三）不予公开", rs=8), td("1.属于国家秘密"), *nums(Z)),
    tr(td("2.其他法律行政法规禁止公开"), *nums(Z)),
    tr(td("3.危及“三安全一稳定”"), *nums(Z)),
    tr(td("4.保护第三方合法权益"), *nums(Z)),
    tr(td("5.属于三类内部事务信息"), *nums(Z)),
    tr(td("6.属于四类过程性信息"), *nums(Z)),
    tr(td("7.属于行政执法案卷"), *nums(Z)),
    tr(td("8.属于行政查询事项"), *nums(Z)),
    tr(
        td("三、本年度办理结果", rs=10),
        td("（四）无法提供", rs=3),
        td("1.本机关不掌握相关政府信息"),
        *nums([7, 0, 0, 0, 0, 0, 7]),
    ),
    tr(td("2.没有现成信</span><span>息需要另行制作"), *nums(Z)),
    tr(td("3.补正后申请内容仍不明确"), *nums([5, 0, 0, 0, 0, 0, 5])),
    tr(td("（五）不予处理", rs=5), td("1.信访举报投诉类申请"), *nums(Z)),
    tr(td("2.重复申请"), *nums([3, 0, 0, 0, 0, 0, 3])),
    tr(td("3.要求提供公开出版物"), *nums(Z)),
    tr(td("4.无正当理由大量反复申请"), *nums(Z)),
    tr(td("5.要求行政机关确认或重新出具已获取信息"), *nums(Z)),
    tr(
        td("（六）其他处理", 2),
        *nums(Z, {0: "0" + NB, 1: NB + "0" + NB, 2: NB + "0", 3: "0" + NB, 4: "0" + NB}),
    ),
    tr(
        td("（七）总计", 2),
        *nums([23, 0, 0, 0, 0, 0, 23], {1: NB + "0", 2: NB + "0", 4: NB + "0" + NB, 5: NB + "0"}),
    ),
    tr(
        td("四、结转下年度继续办理", 3),
        *nums(Z, {0: NB + "0", 1: NB + "0", 2: NB + "0", 3: "0" + NB, 4: NB + "0", 5: "0" + NB}),
    ),
]
heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
t3 = [
    tr(td("行政复议", 5), td("行政诉讼", 10)),
    tr(*[td(h, rs=2) for h in heads], td("未经复议直接起诉", 5), td("复议后起诉", 5)),
    tr(*[td(h) for h in heads * 2]),
    tr(*nums([0] * 15)),
]


def table(rows):
    return '<table border="1" cellspacing="0"><tbody>' + "".join(rows) + "</tbody></table>\n"


title = "平潭综合实验区2019年度政府信息公开工作年度报告"
html = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>' + title + "</title></head><body>\n"
    "<h1>" + title + '</h1>\n<div class="TRS_Editor">\n'
    "<p><span>二、主动公开政府信息情况</span> "
    + NB * 23
    + "</p>\n"
    + table(t1)
    + "<p><span>三、收到和处理政府信息公开申请情况</span></p>\n"
    + table(t2)
    + "<p><span>　　</span><span>四、政府信息公开行政复议、行政诉讼情况</span></p>\n"
    + table(t3)
    + "<p>五、存在的主要问题及改进情况</p>\n</div></body></html>\n"
)
open(sys.argv[1], "w", encoding="utf-8").write(html)
