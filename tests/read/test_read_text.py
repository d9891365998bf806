"""Text copies of a report (issue 14): the seed as published, its encodings, spaced copies, split labels
and sentences, and text files that must be refused."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from govreport.check.run import check_file
from govreport.cli.app import cli
from govreport.read.guards import UnreadableError
from govreport.read.text import read_text

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "workbooks" / "老城区商务和工业信息化局2021年政府信息公开工作年度报告.txt"
WORKBOOK = SEED.with_suffix(".xlsx")
ZEROS = ["0"] * 7


def _rows(data: bytes) -> list[list[str]]:
    return read_text(data, "x.txt").sheets[0].rows


def test_seed_grid_is_aligned_by_its_numbers():
    book = read_text(SEED.read_bytes(), str(SEED))
    assert book.format == "txt" and [s.name for s in book.sheets] == ["文本"]
    rows = book.sheets[0].rows  # row index = line number - 1
    assert rows[2] == ["老城区商务和工业信息化局2021年政府信息公开工作年度报告"]
    assert rows[36] == ["行政许可", "0"]  # table 1 keeps its columns: the value is under its header
    assert rows[42] == ["信息内容", "本年收费金额（单位：万元，保留4位小数）"]
    # the header lines move with the numbers: 自然人 over the first number column, 总计 over the last
    assert rows[48] == ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert rows[49] == ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert rows[50] == ["一、本年新收政府信息公开申请数量", "", "", *ZEROS]
    # blank rows (6 empty fields for 7 cells) are labels only; their cells are blank
    assert rows[52] == ["三、本年度办理结果", "(一) 予以公开"]
    # the orphan "公开" joins the label above; the （三） rows' numbers move one field right
    assert rows[54] == ["", "(三) 不予公开 1.属于国家秘密公开"]
    assert rows[56] == ["", "2.其他法律法规禁止公开", "", *ZEROS]
    assert rows[63] == ["", "(四) 无法提供", "1.本机关不掌握相关政府信息", *ZEROS]
    assert rows[74] == ["", "(七) 总计", "", *ZEROS]
    assert rows[82] == ["0"] * 15


def test_seed_checks_like_its_workbook():
    want, got = check_file(WORKBOOK), check_file(SEED)
    assert (
        (got.agency, got.year, got.form)
        == (want.agency, want.year, want.form)
        == ("老城区商务和工业信息化局", 2021, want.form)
    )
    assert {t.key for t in got.tables} == {t.key for t in want.tables}

    def key(f):
        return (f.code, f.severity, f.table, f.row, f.column, f.expected, f.actual)

    assert sorted(key(f) for f in got.findings if f.code != "text-number") == sorted(map(key, want.findings))
    blanks = [f for f in got.findings if f.code == "blank-cell"]
    assert len(blanks) == 21 and {f.cell.split("!")[0] for f in blanks} == {"文本"}
    assert {f.cell.split("!")[1][1:] for f in blanks} == {"53", "54", "55"}  # 第53–55行 of the text


def test_seed_narrative():
    narrative = read_text(SEED.read_bytes(), str(SEED)).narrative
    assert narrative[:2] == ["老城区商务和工业信息化局2021年政府信息公开工作年度报告", "一、总体情况"]
    assert narrative[-2:] == ["六、其他需要报告的事项", "无"]
    assert not any("本年新收" in p or "行政许可" in p for p in narrative)
    assert "设置局信息公开监督电话0379-65250218，畅通监督渠道，形成良好的舆论监督氛围。" in narrative[12]


def test_check_command_reads_the_seed_text(tmp_path):
    result = CliRunner().invoke(cli, ["check", str(SEED), "--format", "json"])
    assert result.exit_code == 0, result.output
    [f] = json.loads(result.stdout)["files"]
    assert f["status"] == "warnings" and f["year"] == 2021
    assert sum(x["code"] == "blank-cell" for x in f["findings"]) == 21


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030"])
def test_encodings(encoding):
    text = SEED.read_text(encoding="utf-8")
    assert _rows(text.encode(encoding)) == _rows(text.encode("utf-8"))


def test_spaced_copy_and_a_label_split_over_lines():
    text = "\n".join(
        [
            "三、收到和处理政府信息公开申请情况",
            "",
            "一、本年新收政府信息公开申请数量    3  0  0  0  0  0  3",
            "三、本年度办理结果  （一）予以公开    2  0  0  0  0  0  2",
            "  （二）部分公开（区分处理的，只计这一情形，不计其他    1  0  0  0  0  0  1",
            "情形）",
            "\t（三）不予",
            "公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0",
            "  （七）总计  　3  0  0  0  0  0  3",
        ]
    ).encode()
    rows = _rows(text)
    assert rows[2] == ["一、本年新收政府信息公开申请数量", "", "3", "0", "0", "0", "0", "0", "3"]
    assert rows[3] == ["三、本年度办理结果", "（一）予以公开", "2", "0", "0", "0", "0", "0", "2"]
    assert rows[4] == [
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "",
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
        "1",
    ]
    assert rows[5] == []
    assert rows[6] == ["", "（三）不予公开"]
    assert rows[7] == ["", "1.属于国家秘密", *ZEROS]
    assert rows[8] == ["（七）总计", "", "3", "0", "0", "0", "0", "0", "3"]


def test_blank_cells_between_numbers_keep_their_columns():
    text = "\n".join(
        [
            "\t自然人\t法人或其他组织\t\t\t\t\t总计",
            "一、本年新收政府信息公开申请数量\t26\t\t\t\t\t\t26",
            "\t(四) 无法提供\t1.本机关不掌握相关政府信息\t0\t\t\t\t\t\t0",
            "\t(七) 总计\t\t26\t\t\t\t\t\t26",
        ]
    ).encode()
    rows = _rows(text)
    assert rows[0] == ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert rows[1] == ["一、本年新收政府信息公开申请数量", "", "", "26", "", "", "", "", "", "26"]
    assert rows[2] == ["", "(四) 无法提供", "1.本机关不掌握相关政府信息", "0", "", "", "", "", "", "0"]
    assert rows[3] == ["", "(七) 总计", "", "26", "", "", "", "", "", "26"]


def test_narrative_joins_a_sentence_split_across_lines():
    text = (
        "某局2023年政府信息公开工作年度报告\n一、总体情况\n2023年，我局共收到政府信息公开申请\n"
        "75件，均已按时答复。\n（一）主动公开\n全年主动公开信息120条。\n"
    ).encode()
    assert read_text(text, "x.txt").narrative == [
        "某局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "2023年，我局共收到政府信息公开申请75件，均已按时答复。",
        "（一）主动公开",
        "全年主动公开信息120条。",
    ]


# ----------------------------------------------------------------------------------------------- refused


def test_binary_named_txt(tmp_path):
    p = tmp_path / "年报.txt"
    p.write_bytes(os.urandom(4096))
    [f] = check_file(p).findings
    assert f.code == "file-unreadable" and "二进制" in f.message


def test_too_many_lines_or_text_cells():
    with pytest.raises(UnreadableError) as e:
        read_text(b"\n" * 100_001, "x.txt")
    assert e.value.reason == "too-many-cells"
    with pytest.raises(UnreadableError) as e:
        read_text("\n".join(f"项目{i}\t甲\t乙" for i in range(4000)).encode(), "x.txt")
    assert e.value.reason == "too-many-cells"
    with pytest.raises(UnreadableError) as e:
        read_text(b"x" * (20 * 1024 * 1024 + 1), "x.txt")
    assert e.value.reason == "too-large"


def test_a_2gb_text_file_is_refused_without_reading_it(tmp_path):
    p = tmp_path / "某局2023年政府信息公开工作年度报告.txt"
    with open(p, "wb") as f:
        f.truncate(2 * 1024**3)  # sparse: takes no disk
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
        "from govreport.cli.app import main; sys.argv = ['govreport', 'check', sys.argv[1], '--format', 'json']; main()"
    )
    res = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, timeout=120)
    assert res.returncode == 2, res.stderr.decode(errors="replace")[-500:]
    [f] = json.loads(res.stdout)["files"]
    assert f["status"] == "unreadable" and "过大" in f["findings"][0]["message"]


# ------------------------------------------------------------------ Word's plain text of the national form

_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_APPEAL_RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _word_text(values, label_columns: int, browser: bool = False, zero: str = "0") -> str:
    """The report's tables 2 and 3 as Word writes them to plain text (另存为纯文本, or a copy from Word):
    a cell merged across columns is written once, a cell merged down leaves an empty field on each row
    below it. label_columns 3 is the national template (三、本年度办理结果 merged down beside the groups),
    2 a retyped table with "三、本年度办理结果" as a line of its own above the results. browser: as a
    browser copies a page's table (Chrome, Edge, 360): a cell merged down is not written again at all."""
    from govreport.forms import get_form

    table = get_form("2021").table("requests")
    cols = [c.key for c in table.columns]

    def text(v) -> str:
        return "" if v is None else zero if v == 0 else str(v)

    def nums(row: str) -> list[str]:
        return [text(values[("requests", row, c)]) for c in cols]

    lines = [
        "三、收到和处理政府信息公开申请情况",
        "\t".join([_NOTE, "申请人情况"]),
        "\t".join(["", "自然人", "法人或其他组织", "总计"]),
        "\t".join(["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]),
    ]
    for row in table.rows[:2]:
        lines.append("\t".join([row.label, *nums(row.key)]))
    if label_columns == 2:
        lines.append("三、本年度办理结果")
    first = True
    for row in table.rows:
        if row.kind == "label" or row.key in ("new", "carried_in", "carried_out") or row.kind == "group":
            continue
        lead = []
        if label_columns == 3:
            lead = ["三、本年度办理结果" if first else ""]
            first = False
        if row.parent:
            group = table.row(row.parent)
            lead.append(group.label if table.items(row.parent)[0] is row else "")
            lead.append(row.label)
        else:
            lead.append(row.label)
        lines.append("\t".join([*lead, *nums(row.key)]))
    lines.append("\t".join([table.row("carried_out").label, *nums("carried_out")]))
    appeals = [c.key for c in get_form("2021").table("appeals").columns]
    lines += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议\t行政诉讼",
        "\t".join([*_APPEAL_RESULTS, "未经复议直接起诉", "复议后起诉"]),
        "\t".join([""] * 5 + _APPEAL_RESULTS * 2),
        "\t".join(text(values[("appeals", "count", c)]) for c in appeals),
    ]
    if browser:  # the empty fields a merged-down cell leaves are not there (an empty cell's are)
        heads = len(lines) - 1  # table 3's numbers: its last line
        lines = [
            "\t".join(x for x in line.split("\t") if x)
            if i < 4 or i in (heads - 3, heads - 2, heads - 1)
            else re.sub(r"^\t+", "", line)
            for i, line in enumerate(lines)
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("label_columns", [3, 2])
def test_word_plain_text_merged_headers_are_placed_over_their_columns(tmp_path, label_columns):
    """Word writes a header merged across columns once: 申请人情况 over 自然人 | 法人或其他组织 | 总计 over
    the five 法人 columns, 行政复议 | 行政诉讼 over five results and two groups of five. Placing them at the
    right end lost 自然人 and four 行政诉讼 columns (column-not-found, and a false sum-mismatch in 行政复议)."""
    import random

    from samples import consistent_values

    from govreport.forms import get_form

    values = consistent_values(get_form("2021"), random.Random(7), zero_share=0.3)
    path = tmp_path / "年报.txt"
    path.write_text(_word_text(values, label_columns), encoding="utf-8")
    rows = _rows(path.read_bytes())
    width = label_columns + 7
    assert rows[2][width - 7 :] == ["自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert rows[3][width - 6 : width - 1] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    appeal_head = next(i for i, r in enumerate(rows) if r[:1] == ["行政复议"])
    assert rows[appeal_head][:6] == ["行政复议", "", "", "", "", "行政诉讼"]
    assert rows[appeal_head + 1][4:11] == ["总计", "未经复议直接起诉", "", "", "", "", "复议后起诉"]
    report = check_file(path)
    assert {f.code for f in report.findings} <= {"table-not-found"}  # table 1 is not in this copy
    # a planted error is named
    key = ("requests", "refused_third_party", "business")
    values[key] += 5
    path.write_text(_word_text(values, label_columns), encoding="utf-8")
    wrong = [f for f in check_file(path).findings if f.severity == "error" and f.code != "table-not-found"]
    assert {(f.table, f.row, f.column, f.expected) for f in wrong} == {(*key, values[key] - 5)}


def test_a_copy_with_every_cell_on_its_own_line_is_refused_with_the_reason(tmp_path):
    """LibreOffice's text export and some copy tools put every cell on a line of its own: which header
    stands over which number is lost. It was read as found (a label read as its own row's value,
    "填的是“行政强制”，不是数字", and tables 2 and 3 not found); now it is refused, saying why."""
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "法人或其他组织", "总计"]
    lines += ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开"):
        lines += [label, "", *["1", "0", "0", "0", "0", "0", "1"]]
    lines += [
        "（二）部分公开",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "（七）总计",
        "2",
        "0",
        "0",
        "0",
        "0",
        "0",
        "2",
    ]
    lines += ["四、结转下年度继续办理", "1", "0", "0", "0", "0", "0", "1"]
    path = tmp_path / "年报.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(UnreadableError) as e:
        read_text(path.read_bytes(), str(path))
    assert "每个单元格各占一行" in e.value.message and "网页原件" in e.value.message
    res = CliRunner().invoke(cli, ["check", str(path)])
    assert res.exit_code == 2 and "每个单元格各占一行" in res.output and "Traceback" not in res.output


def test_page_numbers_on_lines_of_their_own_are_not_a_table():
    text = "\n".join(f"第{i}段正文，我局认真贯彻落实条例。\n{i}\n" for i in range(1, 40))
    book = read_text(text.encode(), "x.txt")
    assert book.sheets[0].rows[1] == ["1"]


@pytest.mark.parametrize(("label_columns", "zero"), [(3, "0"), (2, "0"), (3, ""), (2, "")])
def test_a_browser_copy_takes_the_forms_column_order_when_its_headers_lost_their_places(
    tmp_path, label_columns, zero
):
    """A table copied from a browser writes each cell once, merged or not: 自然人 | 法人或其他组织 | 总计
    over 商业企业 … 其他 cannot be placed from the text alone, and 自然人 and 总计 were not found (table 3:
    four columns, and a false sum-mismatch). Every column's label is in the header and the rows hold seven
    (fifteen) columns of numbers: they are the form's columns in its order."""
    import random

    from samples import consistent_values

    from govreport.forms import get_form

    values = consistent_values(get_form("2021"), random.Random(8), zero_share=0.3)
    key = ("requests", "new", "natural_person")
    values[key] += 1
    path = tmp_path / "年报.txt"
    path.write_text(_word_text(values, label_columns, browser=True, zero=zero), encoding="utf-8")
    report = check_file(path)
    located = {t.key: t for t in report.tables}
    t2 = located["requests"].located
    rows = _rows(path.read_bytes())
    order = [c.key for c in t2.table.columns]
    for row in ("new", "carried_out"):  # a row's first cells left blank for 0 keep their columns
        assert [rows[t2.rows[row]][t2.columns[k]] for k in order] == [
            zero if values[("requests", row, k)] == 0 else str(values[("requests", row, k)]) for k in order
        ]
    wrong = [f for f in report.findings if f.severity == "error" and f.code != "table-not-found"]
    assert {(f.table, f.row, f.column, f.expected) for f in wrong} == {(*key, values[key] - 1)}
    if zero == "":  # every blank is a 0 the relations determine
        blanks = [f for f in report.findings if f.code == "blank-cell"]
        assert blanks and all(f.expected == 0 for f in blanks)


def test_a_single_spaced_copy_is_read_and_a_blank_it_cannot_place_is_refused(tmp_path):
    """Cells parted by one space (a crawler's get_text(" "), a copy from a PDF viewer): the whole line was
    one cell, so no table was found and labels were read as values. Lines ending in numbers and header
    lines are now cut at every space; a row with fewer numbers than its table cannot say which cells are
    blank and is refused rather than read from one side."""
    import random

    from samples import consistent_values

    from govreport.forms import get_form

    values = consistent_values(get_form("2021"), random.Random(9), zero_share=0.3)
    key = ("requests", "unable_not_held", "research")
    values[key] += 2
    text = re.sub(r"\t+", " ", _word_text(values, 3, browser=True))
    text = "2023年，我局共收到政府信息公开申请 12 件，办结 10 件。\n" + text  # a sentence stays whole
    path = tmp_path / "年报.txt"
    path.write_text(text, encoding="utf-8")
    book = read_text(path.read_bytes(), str(path))
    assert book.sheets[0].rows[0] == ["2023年，我局共收到政府信息公开申请 12 件，办结 10 件。"]
    wrong = [f for f in check_file(path).findings if f.severity == "error" and f.code != "table-not-found"]
    assert {(f.table, f.row, f.column, f.expected) for f in wrong} == {(*key, values[key] - 2)}
    # a blank cell (0 left blank) leaves no trace between single spaces
    path.write_text(re.sub(r"\t+", " ", _word_text(values, 3, browser=True, zero="")), encoding="utf-8")
    with pytest.raises(UnreadableError) as e:
        read_text(path.read_bytes(), str(path))
    assert "单个空格" in e.value.message and "空白" in e.value.message


@pytest.mark.parametrize("browser", [False, True])
def test_a_row_whose_total_is_left_blank_keeps_its_columns(tmp_path, browser):
    """（一）予以公开's 总计 left blank: its run of numbers is one short; the row is placed by its fields
    after the label (the blank's tab kept), not left where its numbers would sit one column off."""
    import random

    from samples import consistent_values

    from govreport.forms import get_form

    values = consistent_values(get_form("2021"), random.Random(10), zero_share=0.3)
    total = values[("requests", "granted", "total")]
    values[("requests", "granted", "total")] = None
    path = tmp_path / "年报.txt"
    path.write_text(_word_text(values, 3, browser=browser), encoding="utf-8")
    found = [f for f in check_file(path).findings if f.table == "requests"]
    assert [(f.code, f.row, f.column, f.expected) for f in found] == [
        ("blank-cell", "granted", "total", total)
    ]


def test_a_row_as_wide_as_its_block_stays_in_place():
    """A copy that writes every merged cell (the seed) has its rows in place: a blank 总计 at the end and
    the empty field of a label merged across two columns do not move its numbers."""
    text = "\n".join(
        [
            "\t".join(["一、本年新收政府信息公开申请数量", "", "", "3", "0", "0", "0", "0", "0", "3"]),
            "\t".join(["三、本年度办理结果", "（一）予以公开", "", "2", "0", "0", "0", "0", "1", ""]),
        ]
    ).encode()
    rows = _rows(text)
    assert rows[1] == ["三、本年度办理结果", "（一）予以公开", "", "2", "0", "0", "0", "0", "1"]


@pytest.mark.parametrize("browser", [False, True])
def test_a_total_column_left_blank_is_a_column_of_blanks(tmp_path, browser):
    """The 总计 column left blank in every row (a known error of published reports), its tab kept: the
    rows' runs of numbers all end one column early, and the table was read as six columns (自然人 or 总计
    not found). Rows that all end in the same empty field hold a blank column."""
    import random

    from samples import consistent_values

    from govreport.forms import get_form

    values = consistent_values(get_form("2021"), random.Random(11), zero_share=0.3)
    totals = {k: v for k, v in values.items() if k[0] == "requests" and k[2] == "total"}
    values.update(dict.fromkeys(totals))
    path = tmp_path / "年报.txt"
    path.write_text(_word_text(values, 3, browser=browser), encoding="utf-8")
    found = [f for f in check_file(path).findings if f.table == "requests"]
    assert {f.code for f in found} == {"blank-cell"}
    assert {(f.row, f.expected) for f in found} == {(k[1], v) for k, v in totals.items()}


def test_a_header_line_starting_with_a_short_header_is_not_a_label_piece():
    """A browser's copy of a two-row header: 商业企业 starts the line under …总计. It was joined to 总计 as
    a label piece pushed onto the next line ("总计商业企业"), losing 总计 and 商业企业."""
    text = "\n".join(
        [
            "\t".join([_NOTE, "自然人", "法人或其他组织", "总计"]),
            "\t".join(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]),
            "\t".join(["一、本年新收政府信息公开申请数量", "1", "2", "3", "4", "5", "6", "21"]),
            "\t".join(["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"]),
        ]
    ).encode()
    rows = _rows(text)
    assert "总计" in rows[0] and "商业企业" in rows[1]
