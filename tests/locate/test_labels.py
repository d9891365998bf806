from hypothesis import given
from hypothesis import strategies as st

from govreport.locate.labels import core, normalize, numbering, unit_of


def test_widths_spaces_quotes_are_one_label():
    assert core("（二）部分公开（区分处理的，只计这一情 形，不计其他情形）") == core("(二)部分公开")
    assert core("3.危及“三安全一稳定”") == core('3、危及"三安全一稳定"') == core("危及三安全一稳定")
    assert core("社会公益 组织") == core("社会公益\n组织") == "社会公益组织"
    assert core("三、本年度办 理结果") == "本年度办理结果"
    assert core("1．属于国家秘密") == core("1、属于国家秘密") == core("属于国家秘密")
    assert core("规章(设区的市、自治州人民政府应提供相关数据)") == "规章"


def test_vertical_label_one_char_per_line():
    assert core("不\n予\n公\n开") == "不予公开"


def test_numbering_tokens():
    assert numbering("(三) 不予公开 1.属于国家秘密") == ("(三)", "1")
    assert numbering("四、结转下年度继续办理") == ("四、",)


def test_circled_item_numbers_are_numbering():
    # ③其他 must not become "3其他": NFKC alone turns ① into a bare 1 that runs into the words
    assert core("③其他") == "其他"
    assert core("❷重复申请") == core("2.重复申请") == "重复申请"
    assert numbering("（三）不予公开①属于国家秘密") == ("(三)", "1")


def test_unit_of_header():
    assert unit_of("本年收费金额（单位：万元，保留4位小数）") == "万元"
    assert unit_of("采购总金额（元）") == "元"
    assert unit_of("本年制发件数") is None


@given(st.text(max_size=40))
def test_normalize_and_core_are_idempotent(s):
    assert normalize(normalize(s)) == normalize(s)
    assert core(core(s)) == core(s)


@given(st.text(alphabet="0123456789()一二三、.", max_size=20))
def test_full_width_equals_half_width(s):
    full = s.translate(str.maketrans("0123456789().", "０１２３４５６７８９（）．"))
    assert normalize(full) == normalize(s)
