"""`govreport forms show`: a format version in words."""

from __future__ import annotations

from govreport.forms import Form

KIND = {"count": "件数（非负整数）", "signed": "增减数（整数，可为负）", "money": "金额（精确小数）"}


def form_lines(form: Form) -> list[str]:
    """Every section, table, row, column and relation of a form, one per line."""
    out = [f"{form.version} 版：{form.name}", ""]
    for section in form.sections:
        out.append(f"{section.number}、{section.title}")
        for table in (t for t in form.tables if t.section == section.key):
            if table.heading:
                out.append(f"  {table.heading}  [{table.key}]")
            else:
                out.append(f"  [{table.key}]")
            out.append("    列：")
            for c in table.columns:
                group = "·".join(c.group) + "·" if c.group else ""
                unit = f"，单位 {c.unit}" if c.unit else ""
                alias = f"（又作：{'、'.join(c.aliases)}）" if c.aliases else ""
                out.append(f"      {c.key:<24} {group}{c.label}  {KIND[c.kind]}{unit}{alias}")
            if table.layout == "grid":
                out.append("    行：")
                for r in table.rows:
                    indent = "  " if r.parent else ""
                    kind = {"label": "（标签行，无数字）", "group": "（分组，由各项构成）"}.get(r.kind, "")
                    alias = f"（又作：{'、'.join(r.aliases)}）" if r.aliases else ""
                    out.append(f"      {indent}{r.key:<26} {r.label}{kind}{alias}")
            for rel in table.relations:
                each = "每一行" if rel.each == "row" else "每一列"
                out.append(f"    关系 {table.key}.{rel.id}（{each}）：{rel.label}")
        out.append("")
    for link in form.links:
        out.append(f"跨年度关系 {link.id}：{link.label}")
    return out
