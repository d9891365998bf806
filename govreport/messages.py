"""Every Chinese message a finding can carry, one template per situation (str.format fields)."""

from __future__ import annotations

TEMPLATES: dict[str, str] = {
    # fill's refusals and notes (fill/run.py)
    "fill-output-is-input": "输出文件 {out} 就是输入文件，不能覆盖输入文件，请用 -o 指定另一个文件名。",
    "fill-output-suffix": "输出文件 {out_name} 的扩展名应为 .xlsx 或 .xlsm。",
    "fill-macro-mismatch": "输入 {in_path_name} 与输出 {out_name} 的类型不同（.xlsm 含宏，.xlsx 不能含宏），请让输出文件使用与输入相同的扩展名。",
    "fill-too-big": "原文件{too_big}，写校正副本会耗费过多时间和内存，未写出；检查结果不受影响。请删除多余的工作表、图片、合并单元格或格式后重新保存，或手工按检查结果修改",
    "fill-carried-suffix": "原文件是 .{fmt} 格式，校正副本只能另存为 .xlsx，请把输出文件名 {out_name} 改为 .xlsx。",
    "fill-carried-too-many-cells": "原文件有 {cells:,} 个单元格（含合并单元格覆盖的格子；写校正副本的上限 {fill_max_cells:,}），写校正副本会耗费过多时间和内存，未写出；检查结果不受影响。请删除多余的工作表或内容后重新保存，或手工按检查结果修改",
    "fill-document-suffix": "原文件是 .{kind} 文档，校正副本只能写成 {accepted}，请把输出文件名 {out_name} 改为 .xlsx。",
    "fill-word-suffix": "输入 {in_path_name} 是 {want} 文档，输出 {out_name} 应使用相同的扩展名 {want}（.docm 含宏，.docx 不能含宏），或用 .xlsx 写入全国格式模板工作簿。",
    "fill-doc": "原文件是 Word 97-2003/WPS 旧格式文档（{in_suffix}），校正副本不能写回旧格式文档（{out_name}）；请用 -o {in_path_stem}{out_suffix}.xlsx 把表格写入全国格式模板工作簿（默认即如此），或在 Word/WPS 中把原文件另存为 .docx 后再校正（改动写成修订）",
    "fill-odt": "原文件是 .odt 文档，校正副本不能以修订方式写回 .odt；请在 WPS/LibreOffice 中另存为 .docx 后再校正（改动写成修订），或用 -o {in_path_stem}{out_suffix}.xlsx 把表格写入全国格式模板工作簿",
    "fill-cached-formulas": "公式的缓存计算结果 {cached} 个（已设置打开时重新计算）",
    "fill-openpyxl-refused": "无法写入校正副本 {out_name}：openpyxl 不能处理此工作簿（工作簿中有 Excel 不允许的内容，如工作表名含 [ ] : * ? / \\ 或数值写成 NaN；技术细节：{error_type}: {detail}）。请用 Excel/WPS 打开原文件另存后再试，或手工按检查结果修改",
    "fill-template-note": "原文件是 .{kind} 文档：校正副本是全国格式模板工作簿，只带入三张表中找到的单元格，正文、排版和表格之外的内容未带入",
    "fill-word-refused": "无法写入校正副本 {out_name}：无法以修订方式写回这份文档（{detail}）。请在 Word/WPS 中打开原文件另存为 .docx 后再试，或用 -o {in_path_stem}{out_suffix}.xlsx 写入全国格式模板工作簿，或手工按检查结果修改",
    "fill-review-cell": "{e_cell} 已改写但需人工核实：{e_reason}",
    # fill's reasons for a change and its questions (fill/plan.py)
    "fill-formula-refs-fixed": "公式引用的单元格与勾稽关系不符，已改为对应各项之和。",
    "fill-formula-ref-deleted": "公式引用的单元格已被删除（#REF!），已改为对应各项之和。",
    "fill-formula-total-question": "{cell}（{where}）是公式，按勾稽关系应为 {value}，请检查它引用的单元格。",
    "fill-formula-error-question": "{cell}（{where}）的公式 ={text} 无法计算，按勾稽关系应为 {value}，请改正公式或填入该值。",
    "fill-unique-fix": "唯一能使{relations}全部成立的改法。",
    "fill-determined": "由{relations}唯一确定。",
    "fill-total-recomputed": "合计与各项之和不符，已按各项之和重算合计；也可能是某一项（{parts}）填错了，请核实。",
    "fill-search-limit": "{table}：{relations} 不成立，至少要改动 {bound} 个单元格；在 {nodes} 步搜索内"
    "未能确定改动最少的改法，未作改动，请人工核对。",
    "fill-no-small-fix": "{table}：{relations} 不成立，改动两个以内的单元格都无法使其成立，请人工核对。",
    "fill-near-typo": "（像录入笔误）",
    "fill-kind-filled": "已补全",
    "fill-kind-normalized": "已规范",
    "fill-kind-corrected": "已校正",
    "fill-shown-blank": "空白",
    "fill-shown-text": "“{text}”",
    "fill-reason": "{where}：{old} → {new}。{why}",
    "fill-relations": "勾稽关系",
    "fill-more-fixes": "{table}：{relations} 不成立，同样小的改法不止 {n} 种，无法确定：",
    "fill-several-fixes": "{table}：{relations} 不成立，有 {n} 种同样小的改法，无法确定：",
    "fill-unit-converted": "金额单位与表头不一致，已从“{written}”换算，请核实。",
    "fill-text-number": "文本型数字改为数字。",
    "fill-undetermined": "{table}：{n} 个空白或无效（非数字、非整数或负数）单元格无法由勾稽关系确定，请人工填写：{cells}",
    # pieces the sentences below are made of: where a relation applies, a side of it, a change, separators
    "place-row": "“{row}”行",
    "place-column": "“{column}”列",
    "relation-where": "{table}{place}的“{relation}”",
    "relation-fails": "{relation}不成立",
    "relation-detail": "{left} {left_value}，而 {right} {right_value}",
    "side-at-least": "至少为 {total}",
    "sum-of-parts": "各项之和",
    "change": "{cell} 改为 {value}",
    "formula-missing": "未引用 {cells}",
    "formula-extra": "多引用了 {cells}",
    "plus": "＋",
    "list-sep": "、",
    "item-sep": "，",
    "option-sep": "；",
    # why a formula cannot be computed (the reason of formula-error)
    "formula-cycle": "循环引用（公式直接或间接引用了自身）",
    "formula-too-many-cells": "公式引用的单元格过多",
    "formula-no-sheet": "找不到工作表“{sheet}”",
    "formula-too-deep": "公式嵌套过深",
    "formula-not-computable": "无法计算",
    "internal-error": "检查时发生内部错误（{error_type}），请用 --debug 运行并把文件提供给开发者。",
    # a batch: a file whose check or copy failed (batch/run.py, batch/pool.py), the same report twice
    "batch-internal-error": "检查时发生内部错误（{error_type}），请用 govreport check --debug 检查此文件。",
    "batch-fill-folder": "无法建立存放校正副本的文件夹「{folder}」（同名文件占用了该路径，或没有写入权限），未写出校正副本。",
    "batch-fill-unreadable": "写出的校正副本 {out} 重新检查时无法读取（{why}），请勿使用。",
    "batch-fill-not-written": "未写出校正副本。",
    "batch-fill-same-output": "与 {others} 的输出路径 {out} 相同，两者都未写出。",
    "batch-fill-output-is-input": "输出路径 {out} 是一个输入文件，未写出。",
    "batch-fill-output-exists": "输出文件 {out} 已存在，未覆盖。",
    "batch-worker-start": "无法启动检查进程（退出码 {exitcode}）。请用 --jobs 1 重试。",
    "batch-time-limit": "检查超过 {seconds:g} 秒仍未完成，已中止（文件可能过大或构造异常）。",
    "batch-worker-died": "读取此文件时检查进程异常退出（退出码 {exitcode}），文件可能已损坏或构造异常。",
    "same-report-other-format": "同一份报告另有其他格式的文件，内容相同，按一份报告计：{others}",
    "conflicting-report-cells": "（{file} 中不同的单元格：{cells}{more}）",
    "and-more": "等",
    # a table read twice, a row split over several sheet rows (check/duplicate_tables.py, check/split_rows.py)
    "duplicate-hidden-note": "，工作表“{sheet}”是隐藏的",
    "duplicate-item": "“{table}” {at}（已检查 {checked}）",
    "sheet": "工作表“{sheet}”",
    "hidden-sheet": "隐藏的工作表“{sheet}”",
    "sheet-row": "第 {row} 行",
    "split-row-no-sum": "无法合计",
    "file-unreadable": "{file}：{reason}",
    "no-tables": "{file}：找不到年度报告的表格（主动公开、依申请公开、复议诉讼三张表都没有找到）。"
    "请确认这是政府信息公开工作年度报告的 Excel 文件或 Word 文档。",
    "no-tables-early": "{file}：找不到年度报告的表格。这是 {year} 年度的报告：{first} 年以前的年度报告没有国家统一格式的表格"
    "（主动公开、依申请公开、复议诉讼三张表），无从检查。",
    "govreport-summary": "{file}：这是 govreport batch 写出的汇总表（工作表“汇总”“问题明细”“问题统计”“合计”，或由其改名而来），"
    "不是单位的年度报告，未检查。检查文件夹时会自动跳过它。",
    "table-not-found": "找不到表格“{table}”。请检查该表的标题和行列标签是否按国家格式填写。",
    "row-not-found": "{table}：找不到行“{row}”。请检查该行标签。",
    "column-not-found": "{table}：找不到列“{column}”。请检查表头。",
    "duplicate-table": "表格“{table}”出现了两次（{first} 和 {second}{hidden}），只检查了 {first} 处的一张。",
    "duplicate-tables": "{where}上另有一份报告表格（{n} 张），与已检查的重复，未检查：{items}。",
    "split-row": "{table}：“{row}”分 {n} 行填写（{rows}），没有合计行，只读取了{read}。国家格式中这是一行、填全部件数："
    "若这几行是并列的组成部分，请合为一行填写合计（{sums}）；若其中一行是另一行的一部分，请在它的标签前写明“其中：”。",
    "form-year-mismatch": "{year} 年的报告使用了{form}格式，应使用{expected}格式。",
    "blank-cell": "{cell}（{where}）为空。空白不等于 0，请填写数字。",
    "blank-cell-determined": "{cell}（{where}）为空；按勾稽关系应为 {expected}。",
    "text-number": "{cell}（{where}）的数字以文本形式存储（“{raw}”），已按 {number} 计算；请改为数字格式。",
    # in a document every number is typed text: what is noted is the unit, full-width digit or sign around it
    "text-number-document": "{cell}（{where}）填的是“{raw}”（含单位、全角数字或符号），已按 {number} 计算；请只填数字。",
    "unit-converted": "{cell}（{where}）金额“{raw}”的单位与表头（{unit}）不一致，已换算为 {number} {unit}，请核实。",
    "invalid-value": "{cell}（{where}）填的是“{raw}”，不是数字。{hint}",
    # the same finding for a number whose unit does not fit the column (values.mismatched_unit): "不是数字"
    # beside "12元" would puzzle the clerk who typed a number
    "invalid-value-money": "{cell}（{where}）填的是“{raw}”，是金额，而这一栏填的是件数（整数，不带单位）。{hint}",
    "invalid-value-count": "{cell}（{where}）填的是“{raw}”，是件数，而这一栏填的是金额。{hint}",
    "negative-money": "{cell}（{where}）填的是 {raw}，是负数；金额（收费、采购金额）不能为负数。{hint}",
    "not-integer": "{cell}（{where}）填的是 {raw}，件数应为整数。{hint}",
    "negative-count": "{cell}（{where}）填的是 {raw}，件数不能为负数。{hint}",
    "hint-expected": "按勾稽关系应为 {expected}。",
    "hint-none": "",
    "wrong-cell": "{cell}（{where}）应为 {expected}，现为 {actual}：{relations}。",
    "wrong-cell-undetermined": "{cell}（{where}）有误（现为 {actual}）：{relations}；其正确值无法由勾稽关系唯一确定。",
    "relation-broken": "{relation_where}不成立：{detail}。无法确定是哪个单元格有误，涉及 {cells}。{candidates}",
    "relation-unsatisfiable": "{relation_where}无法成立：空白或无效单元格填任何非负整数都不能满足（{detail}），涉及 {cells}。{candidates}",
    "error-location-limit": "{table}：{n} 处勾稽关系不成立，至少要改动 {bound} 个单元格才能全部成立；在 {nodes} 步搜索内未能确定"
    "改动最少的改法，未作任何改动，请人工核对。",
    "negative-implied-count": "{table}“{place}”：{terms} ＝ {total}，即{implied}为 {total}；{implied}不能为负数，"
    "其中某个单元格填错了（无法由这一关系确定是哪一个，未作改动）。{candidates}",
    "implied-count-flip": "若 {cell} 的正负号录反、应为 {value}，则{implied}为 {result}（像录入笔误）。",
    "candidates": "可能的改法：{options}。",
    "candidates-open": "可能有误的单元格（改成多少无法由勾稽关系确定）：{cells}。",
    "candidates-typo": "其中像是录入笔误的：{options}。",
    "formula-mismatch": "{cell}（{where}）的公式 ={formula} 与勾稽关系不符：{detail}。应为 ={expected_formula}。",
    "stale-total": "{cell}（{where}）的公式 ={formula} 显示 {actual}，但它引用的各项之和为 {expected}："
    "{texts} 是文本型数字，Excel/WPS 的 SUM 不计文本。把 {texts} 改为数字后，合计自动变为 {expected}。",
    "stale-total-recalc": "{cell}（{where}）的公式 ={formula} 保存的结果是 {actual}，按它引用的单元格计算应为 {expected}："
    "工作簿保存前没有重新计算（重新计算后全部勾稽关系成立）。请在 Excel/WPS 中按 F9 重新计算后保存。",
    "formula-error": "{cell}（{where}）的公式 ={formula} 无法计算：{reason}。{hint}",
    "cross-year-mismatch": "{this_file} 的 {this_cell}（二、上年结转 · {column}）为 {this}，"
    "但上年 {previous_file} 的 {previous_cell}（四、结转下年度 · {column}）为 {previous}。",
    "needs-review": "{cell}（{where}）由 govreport 改写，尚待人工核实：{reason}"
    "（核实无误后，删除“校验报告”工作表中的这一行即可）",
    # a Word document fill wrote: the record is govreport's comment on the cell, not a report sheet
    "needs-review-document": "{cell}（{where}）由 govreport 改写，尚待人工核实：{reason}"
    "（核实无误后，接受这处修订并删除 govreport 的这条批注即可）",
    "duplicate-report": "{agency} {year} 年的报告有 {n} 个文件，内容相同：{files}。",
    "conflicting-report": "{agency} {year} 年的报告有 {n} 个文件，数据不一致：{files}。",
    # the report's text against its tables (check.narrative); fill never edits the text
    "narrative-mismatch": "正文“{quote}”中的{label}为 {stated}，而表格中 {cells}为 {actual}；请核对正文和表格，改正有误的一方。",
    "narrative-disagreed": "正文“{quote}”中的{label}为 {stated}，与表格中 {cells}（{before}）不符；"
    "校正不改动正文，请核对正文和表格。",
    "narrative-still-disagrees": "{cells}校正为 {after}（原为 {before}）后，仍与正文“{quote}”中的{label} {stated} 不符；"
    "校正不改动正文，请核对。",
    "narrative-now-disagrees": "{cells}校正为 {after}（原为 {before}）后，与正文“{quote}”中的{label} {stated} 不再一致；"
    "校正不改动正文，请核对正文或这一改动。",
    "narrative-filled-disagrees": "{cells}补全为 {after} 后，与正文“{quote}”中的{label} {stated} 不符；校正不改动正文，请核对。",
    "narrative-now-agrees": "{cells}校正为 {after}（原为 {before}）后，与正文“{quote}”中的{label} {stated} 一致。",
}


# Fields that quote a cell's content, which may be up to 32,767 characters (a pasted paragraph, a formula
# nested thousands deep): quoted whole, one finding was a 32 KB line in the terminal, JSON and 问题明细.
QUOTED = ("raw", "formula")
MAX_QUOTED = 60  # characters


def _short(value: object) -> object:
    text = str(value)
    if len(text) <= MAX_QUOTED:
        return value
    return f"{text[:MAX_QUOTED]}…（共 {len(text):,} 个字符）"


def render(key: str, **fields: object) -> str:
    """The message of this template with its fields filled in (long quoted cell contents cut short)."""
    for name in QUOTED:
        if name in fields:
            fields[name] = _short(fields[name])
    return TEMPLATES[key].format(**fields)
