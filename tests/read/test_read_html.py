"""Web pages (issue 14): real published pages, hand-made pages in the shapes sites publish, pages that
LibreOffice exports from a workbook, and pages that must be refused."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from samples import consistent_values
from soffice import convert

from govreport.check.run import check_book, check_file
from govreport.forms import get_form
from govreport.read.guards import UnreadableError
from govreport.read.html import read_html
from govreport.template import Layout, write_report

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
PINGTAN = PAGES / "平潭综合实验区2024年度政府信息公开工作年度报告.html"
SHUYANG = PAGES / "沭阳县发展和改革局2023年政府信息公开年度报告.html"


def _read(path: Path):
    return read_html(path.read_bytes(), str(path))


def _page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>{body}</body></html>".encode()


# ----------------------------------------------------------------------------------------------- real pages


def test_pingtan_page_grids():
    book = _read(PINGTAN)
    assert book.format == "html" and [s.name for s in book.sheets] == ["表格1", "表格2", "表格3"]
    t1, t2, t3 = book.sheets
    assert t1.rows[3] == ["行政规范性文件", "62", "33", "440"]
    assert t1.rows[13][:2] == ["行政事业性收费", "18651.06"]
    assert (6, 1, 6, 3) in t1.merged  # 行政许可's value spans three columns
    # headers split over three <p> with runs of &nbsp;, 三、本年度办理结果 in pieces: one label each
    assert t2.rows[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert t2.rows[5][:2] == ["三、本年度办理结果", "（一）予以公开"]
    assert (5, 0, 26, 0) in t2.merged and (0, 0, 2, 2) in t2.merged
    assert t2.rows[3] == ["一、本年新收政府信息公开申请数量", "", "", "217", "1", "0", "0", "0", "0", "218"]
    assert t2.rows[26][1] == "（七）总计" and t2.rows[26][-1] == "218"
    assert t3.rows[3] == ["2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19"]


def test_pingtan_page_checks_and_narrative_is_the_article_only():
    book = _read(PINGTAN)
    report = check_book(book, None)
    assert {t.key for t in report.tables} == {t.key for t in get_form("2021").tables}
    assert report.agency == "平潭综合实验区" and report.year == 2024
    assert [f for f in report.findings if f.code != "text-number"] == []
    text = "\n".join(book.narrative)
    # the page's <h1>, outside the article body, starts the narrative as the title starts the document
    assert book.narrative[:3:2] == ["平潭综合实验区2024年度政府信息公开工作年度报告", "一、总体情况"]
    assert "全年办理政府信息公开申请218件。" in text
    for chrome in ("首页", "闽ICP备", "版权所有", "主办单位", "相关链接", "文件下载", "分享到", "本年新收"):
        assert chrome not in text, chrome


def test_shuyang_page_skips_the_metadata_box_and_checks():
    book = _read(SHUYANG)
    assert [s.name for s in book.sheets] == ["表格1", "表格2", "表格3"]  # not the 索引号/发布机构 box
    assert all("索引号" not in v for s in book.sheets for row in s.rows for v in row)
    t2 = book.sheets[1]
    assert t2.rows[3] == ["一、本年新收政府信息公开申请数量", "", "", "26", "", "", "", "", "", "26"]
    report = check_book(book, None)
    assert report.agency == "沭阳县发展和改革局" and report.year == 2023
    findings = [f for f in report.findings if f.code != "text-number"]
    assert {f.code for f in findings} == {"blank-cell"} and not report.errors
    # the five 法人或其他组织 columns were left blank: every such cell is 0 by the relations
    assert {f.column for f in findings} == {"business", "research", "nonprofit", "legal_service", "other_org"}
    assert {f.expected for f in findings} == {0}
    assert {f.cell.split("!")[0] for f in findings} == {"表格2"}
    text = "\n".join(book.narrative)
    assert book.narrative[0] == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert "2023年度我局共收到依申请信息公开26件" in text
    for chrome in ("首页", "索引号", "走进沭阳", "采集时间", "相关政府信息"):
        assert chrome not in text, chrome


# ----------------------------------------------------------------------------------------------- hand-made


def test_rowspan_colspan_expand_with_implied_end_tags():
    body = (
        "<table><tr><td rowspan=2>A<td colspan=2>B<td>C"
        "<tr><td>d<td rowspan=5>e<td>f"  # rowspan past the end stops at the last row
        "<tr><td colspan=2>g</td></tr></table>"
    )
    [s] = read_html(_page(body), "x.html").sheets
    assert s.rows == [["A", "B", "", "C"], ["", "d", "e", "f"], ["g", "", ""]]
    assert s.merged == [(0, 0, 1, 0), (0, 1, 0, 2), (1, 2, 2, 2), (2, 0, 2, 1)]


def test_word_pasted_cells():
    body = (
        '<div class="WordSection1"><table class="MsoNormalTable" style="mso-table-layout-alt:fixed">'
        '<tr style="mso-yfti-irow:0"><td><p class="MsoNormal"><span lang="EN-US">社会<o:p></o:p></span></p>'
        '<p class="MsoNormal">&nbsp;&nbsp;&nbsp;公益</p><p>组织<o:p></o:p></p></td>'
        "<td><p>三</p><p>、</p><p>本</p><p>年</p><p>度</p><p>办</p><p>理</p><p>结</p><p>果</p></td>"
        "<td><p><![if !supportLists]><span>（三）<span style='font:7.0pt'>&nbsp;&nbsp; </span></span><![endif]>"
        "不予<font face=宋体>公开</font></p></td>"
        "<td>商业企<br>业</td><td><p>&nbsp;</p><p>　</p><p><o:p>&nbsp;</o:p></p></td>"
        "<td><p><span>1</span><span>2</span></p></td><td><p>1</p><p>2</p></td></tr></table></div>"
    )
    [s] = read_html(_page(body), "x.html").sheets
    assert s.rows == [["社会公益组织", "三、本年度办理结果", "（三） 不予公开", "商业企业", "", "12", "1 2"]]


def test_cell_text_leaves_out_nested_tables_and_scripts():
    body = (
        "<div><p>2023年，我局认真贯彻落实条例，持续深化政务公开，不断提高政府信息公开质量和水平。</p>"
        "<table><tr><td>外<table><tr><td>内</td></tr></table><script>var x='本年新收';</script>"
        '<span style="display:none">隐藏</span></td></tr></table></div>'
    )
    book = read_html(_page(body), "x.html")
    assert [s.rows for s in book.sheets] == [[["外"]], [["内"]]]


_REPORT = (
    "<h2>二、主动公开政府信息情况</h2>"
    "<table><tr><td colspan=4>第二十条第（一）项</td></tr>"
    "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
    "<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table>"
    "<p>三、收到和处理政府信息公开申请情况</p>"
    "<table><tr><td colspan=3 rowspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
    "<td colspan=7>申请人情况</td></tr><tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td>"
    "<td rowspan=2>总计</td></tr><tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td>"
    "<td>其他</td></tr><tr><td colspan=3>一、本年新收政府信息公开申请数量</td>"
    + "<td>1</td>" * 6
    + "<td>6</td></tr></table>"
)


def test_site_chrome_stays_out_of_sheets_and_narrative():
    body = (
        '<div class="header"><ul><li><a href="/">首页</a></li><li><a href="/x">政务公开</a></li></ul></div>'
        '<div class="nav">当前位置：<a href="/">首页</a> &gt; <a href="/n">年报</a></div>'
        '<table class="meta"><tr><td>索引号</td><td>123/2024-0001</td><td>发布机构</td><td>某局</td></tr></table>'
        '<div class="content"><h1>某局2023年政府信息公开工作年度报告</h1>'
        '<div class="article"><p>一、总体情况</p><p>2023年，我局全年共收到政府信息公开申请6件，'
        "全部按时答复。本局认真贯彻落实条例，持续深化政务公开，不断提高政府信息公开质量，"
        "充分发挥以公开促落实的作用，主动回应社会关切。</p><p>下一步，我局将继续</p><p>加强培训。</p>"
        + _REPORT
        + "</div></div>"
        '<div class="related"><p>相关阅读：</p><ul><li><a href="/2022">某局2022年政府信息公开工作年度报告</a></li>'
        '<li><a href="/2021">某局2021年政府信息公开工作年度报告</a></li></ul></div>'
        '<div class="footer"><p>主办单位：某市人民政府办公室 地址：某路1号 电话：0000-1234567</p>'
        "<p>网站标识码 1234 ICP备05000000号</p></div>"
    )
    book = read_html(_page(body), "page.html")
    assert [s.rows[0][0] for s in book.sheets] == [
        "第二十条第（一）项",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    ]
    assert book.narrative == [
        "某局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "2023年，我局全年共收到政府信息公开申请6件，全部按时答复。本局认真贯彻落实条例，持续深化政务公开，"
        "不断提高政府信息公开质量，充分发挥以公开促落实的作用，主动回应社会关切。",
        "下一步，我局将继续加强培训。",  # a sentence split over two <p> is joined
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
    ]


def test_a_metadata_box_inside_the_article_is_not_a_sheet():
    body = (
        '<div class="content"><table><tr><td>索引号</td><td>123/2024-0001</td><td>主题分类</td><td>年报</td></tr>'
        "<tr><td>发布机构</td><td>某局</td><td>成文日期</td><td>2024-01-17</td></tr>"
        "<tr><td>文号</td><td></td><td>发布日期</td><td>2024-01-17</td></tr></table>"
        "<p>2023年，我局认真贯彻落实条例，持续深化政务公开，不断提高政府信息公开质量和水平。</p>"
        + _REPORT
        + "</div>"
    )
    book = read_html(_page(body), "page.html")
    assert [s.rows[0][0] for s in book.sheets] == ["第二十条第（一）项", _REPORT_CORNER]


_REPORT_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def test_a_layout_table_around_the_page_is_not_a_sheet():
    body = (
        "<table><tr><td><a href='/'>首页</a> <a href='/a'>机构</a></td></tr><tr><td>"
        "<p>2023年，我局认真贯彻落实条例，持续深化政务公开，不断提高政府信息公开质量和水平。</p>"
        + _REPORT
        + "</td></tr><tr><td>版权所有 某局</td></tr></table>"
    )
    book = read_html(_page(body), "page.html")
    assert len(book.sheets) == 2 and book.sheets[0].rows[0][0] == "第二十条第（一）项"
    assert "版权所有 某局" not in book.narrative


def test_a_layout_table_whose_text_names_the_sections_keeps_the_narrative():
    """An old CMS frames the page in nested layout tables; the article's own section headings
    ("四、政府信息公开行政复议、行政诉讼情况") carry two of the report's words. The frame is still entered
    (the narrative was lost, so no narrative-mismatch could be found) and is not numbered as a table of the report."""
    article = (
        "<p>一、总体情况</p><p>2023年，我局共收到政府信息公开申请7件。</p>"
        + _REPORT
        + "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p>"
    )
    body = (
        "<table width=1000><tr><td><a href='/'>首页</a> <a href='/a'>机构</a></td></tr><tr><td>"
        "<table width='100%'><tr><td class='title'>某局2023年政府信息公开工作年度报告</td></tr>"
        f"<tr><td><div id='zoom'>{article}</div></td></tr></table>"
        "</td></tr><tr><td>版权所有 某局 电话：0000-1234567</td></tr></table>"
    )
    book = read_html(_page(body), "page.html")
    assert [s.rows[0][0] for s in book.sheets] == ["第二十条第（一）项", _REPORT_CORNER]
    assert "2023年，我局共收到政府信息公开申请7件。" in book.narrative
    assert not any("版权所有" in p or "首页" in p for p in book.narrative)


# ----------------------------------------------------------------------------------------------- encodings

_GB_BODY = "<table><tr><td>社会公益组织</td><td>１２</td></tr></table>"


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (
            _page(_GB_BODY, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
            .decode()
            .encode("gb18030"),
            None,
        ),
        (_page(_GB_BODY, '<meta charset="GBK">').decode().encode("gb18030"), None),
        (_page(_GB_BODY, "").decode().encode("gb18030"), None),  # no declaration, not UTF-8: GB18030
        (_page(_GB_BODY, ""), None),  # no declaration, valid UTF-8
        (_page(_GB_BODY, '<meta charset="gb2312">'), "内容实为 UTF-8"),  # declared GB, bytes UTF-8
        (_page(_GB_BODY, '<meta charset="utf-8">').decode().encode("gb18030"), "已按 GB18030"),
        (b"\xef\xbb\xbf" + _page(_GB_BODY, '<meta charset="gb2312">'), "字节顺序标记"),  # the BOM wins
        (b"\xff\xfe" + _page(_GB_BODY, '<meta charset="utf-8">').decode().encode("utf-16-le"), None),
    ],
    ids=[
        "gb2312",
        "gbk",
        "undeclared-gb",
        "undeclared-utf8",
        "gb-declared-utf8",
        "utf8-declared-gb",
        "bom",
        "utf16-bom",
    ],
)
def test_encodings(data, note):
    book = read_html(data, "x.html")
    assert book.sheets[0].rows == [["社会公益组织", "１２"]]
    if note is None:
        assert book.notes == []
    else:
        assert len(book.notes) == 1 and note in book.notes[0]


# ----------------------------------------------------------------------------------------------- refused


def test_binary_named_html(tmp_path):
    p = tmp_path / "年报.html"
    p.write_bytes(bytes(range(256)) * 64)
    [f] = check_file(p).findings
    assert f.code == "file-unreadable" and "二进制" in f.message


def test_a_workbook_named_html_is_still_a_workbook(tmp_path, make_report):
    src, _where, _ = make_report()
    p = tmp_path / "年报.html"
    p.write_bytes(src.read_bytes())
    assert check_file(p).tables


def test_deeply_nested_tables_are_refused():
    with pytest.raises(UnreadableError) as e:
        read_html(_page("<table><tr><td>" * 5000 + "x"), "x.html")
    assert e.value.reason == "too-deep" and "嵌套" in e.value.message


def test_deeply_nested_elements_are_bounded():
    body = "<div>" * 100_000 + _REPORT + "</div>" * 100_000
    book = read_html(_page(body), "x.html")
    assert len(book.sheets) == 2 and book.sheets[1].rows[3][-1] == "6"


def test_an_enormous_table_is_refused():
    rows = '<tr><td colspan="1000">x</td></tr>' * 3000  # 3 million cells once expanded
    with pytest.raises(UnreadableError) as e:
        read_html(_page(f"<table>{rows}</table>"), "x.html")
    assert e.value.reason == "too-many-cells"


def test_a_rowspan_past_the_end_costs_only_the_rows_there_are():
    cell = '<td rowspan="65534" colspan="3">x</td>'
    [s] = read_html(_page(f"<table><tr>{cell}</tr><tr><td>y</td></tr></table>"), "x.html").sheets
    assert s.rows == [["x", "", ""], ["", "", "", "y"]] and s.merged == [(0, 0, 1, 2)]


def test_many_text_cells_are_refused():
    rows = "".join(f"<tr><td>项目{i}</td></tr>" for i in range(12_000))
    with pytest.raises(UnreadableError) as e:
        read_html(_page(f"<table>{rows}</table>"), "x.html")
    assert e.value.reason == "too-many-cells"


def test_a_huge_page_is_refused_before_decoding():
    with pytest.raises(UnreadableError) as e:
        read_html(b" " * (20 * 1024 * 1024 + 1), "x.html")
    assert e.value.reason == "too-large"


def test_a_page_without_tables_says_no_tables_as_a_workbook_does(tmp_path):
    p = tmp_path / "某局2023年政府信息公开工作年度报告.html"
    p.write_bytes(_page("<p>一、总体情况</p><p>本年度未收到申请。</p>"))
    [f] = check_file(p).findings
    assert f.code == "no-tables"


# ----------------------------------------------------------------------------------------------- LibreOffice

_CASES = {  # name -> (form version, edits, layout)
    "wrong-item": ("2021", {("requests", "granted", "natural_person"): "+5"}, Layout()),
    "blank-and-wrong-total": (
        "2021",
        {("requests", "partial", "business"): None, ("requests", "new", "total"): "+1"},
        Layout(label_variants=True),
    ),
    "appeals-total": ("2021", {("appeals", "count", "review_total"): "+3"}, Layout(merged_labels=False)),
    "2019-form": ("2019", {("requests", "carried_out", "other_org"): "+2"}, Layout()),
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Each case as a workbook and as the page LibreOffice exports from it (one soffice call, cached by content
    in tests/.cache/soffice: written whole under its final name, so another xdist worker or a run in another
    checkout never reads a page half copied, as it could from the shared /tmp cache this fixture used)."""
    src = tmp_path_factory.mktemp("books")
    books = {}
    for name, (version, edits, layout) in _CASES.items():
        form = get_form(version)
        vals = consistent_values(form, random.Random(7))
        for key, edit in edits.items():
            vals[key] = None if edit is None else vals[key] + int(edit)
        path = src / f"{name}.xlsx"
        write_report(path, form, vals, layout=layout, agency="测试局", year=int(version))
        books[name] = path
    pages = convert(list(books.values()), "html", "html", tmp_path_factory.mktemp("pages"))
    return {n: (books[n], page) for n, page in zip(books, pages, strict=True)}


def _key(f, sheet_map):
    cell = f.cell
    if cell:
        sheet, a1 = cell.split("!")
        cell = f"{sheet_map.get(sheet, sheet)}!{a1}"
    return (f.code, f.severity, f.table, f.row, f.column, f.expected, f.actual, cell)


_EXCEPT = {"text-number", "formula-mismatch", "formula-range"}


@pytest.mark.parametrize("case", list(_CASES))
def test_a_page_exported_by_libreoffice_has_the_workbooks_findings(exported, case, tmp_path):
    book_path, page = exported[case]
    want = check_file(book_path)
    html = tmp_path / f"测试局{_CASES[case][0]}年政府信息公开工作年度报告.html"
    html.write_bytes(page.read_bytes())
    got = check_file(html)
    # LibreOffice writes one <table> per sheet, on the sheet's own grid: 表格N is the Nth sheet
    sheet_map = {name: f"表格{i}" for i, name in enumerate(_sheet_names(book_path), 1)}
    assert sorted(_key(f, sheet_map) for f in want.findings if f.code not in _EXCEPT) == sorted(
        _key(f, {}) for f in got.findings if f.code not in _EXCEPT
    )
    assert want.findings and (got.agency, got.year) == (want.agency, want.year)


def _sheet_names(path: Path) -> list[str]:
    from govreport.read.spreadsheet import open_book  # deferred: only this helper opens a workbook

    return [s.name for s in open_book(path).sheets]


def test_a_planted_error_in_a_real_page_is_located(tmp_path):
    # 平潭's 一、本年新收 · 自然人 is 217 (total 218): typed as 271, the row and column relations and the
    # balance all point at that one cell
    data = PINGTAN.read_bytes()
    needle = b'<p style="text-indent: 0em;">217</p>'
    assert data.count(needle) == 2  # 一、本年新收 and （七）总计
    p = tmp_path / PINGTAN.name
    p.write_bytes(data.replace(needle, needle.replace(b"217", b"271"), 1))
    errors = [f for f in check_file(p).findings if f.severity == "error"]
    assert errors and {f.cell for f in errors if f.cell} == {"表格2!D4"}
    assert {(f.expected, f.actual) for f in errors if f.cell} == {(217, 271)}


def test_header_cells_and_row_groups():
    body = (
        "<table><caption>表一</caption><thead><tr><th>信息内容</th><th>本年制发件数</th></tr></thead>"
        "<tbody><tr><th scope=row>规章</th><td>1</td></tr></tbody><tfoot><tr><td>合计</td><td>1</td></tr>"
        "</tfoot></table>"
    )
    [s] = read_html(_page(body), "x.html").sheets
    assert s.rows == [["信息内容", "本年制发件数"], ["规章", "1"], ["合计", "1"]]


def test_tables_published_as_pictures_are_named(tmp_path):
    """Many sites publish the three tables as screenshots in the article: no table was found and the
    message asked for "the Excel file or Word document" of a web page. It now says the tables are pictures;
    a report from before the national form (no such tables) still reads as a page without tables."""
    body = (
        "<div class='article'><h1>某局{year}年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
        "<p>{year}年，我局共收到政府信息公开申请12件。</p><p>二、主动公开政府信息情况</p>"
        "<p><img src='/u/t1.png'></p><p>三、收到和处理政府信息公开申请情况</p><p><img src='/u/t2.jpg'></p>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><p><img src='/u/t3.png'></p></div>"
    )
    with pytest.raises(UnreadableError) as e:
        read_html(_page(body.format(year=2023)), "page.html")
    assert "图片" in e.value.message and "Excel 文件或 Word 文档" not in e.value.message
    page = tmp_path / "page.html"
    page.write_bytes(_page(body.format(year=2023)))
    [f] = check_file(page).findings
    assert f.code == "file-unreadable" and "图片" in f.message
    assert read_html(_page(body.format(year=2015)), "page.html").sheets == []


def test_a_table_of_numbers_holding_a_nested_table_stays_a_sheet():
    """The frame rule drops a table around the report's tables only when its own cells hold no number: a
    retyped table 2 with table 3 nested in its last cell keeps its rows."""
    t3 = (
        "<table><tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
        "<tr>" + "<td>结果维持</td>" * 15 + "</tr><tr>" + "<td>0</td>" * 15 + "</tr></table>"
    )
    body = (
        "<table><tr><td>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td>自然人</td>"
        "<td>总计</td></tr><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td><td>1</td></tr>"
        f"<tr><td>上年结转</td><td>0</td><td>0</td></tr><tr><td colspan=3>{t3}</td></tr></table>"
    )
    book = read_html(_page(body), "page.html")
    assert [s.rows[1][0] for s in book.sheets] == ["一、本年新收政府信息公开申请数量", "结果维持"]
