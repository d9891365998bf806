"""`govreport forms show`: a format version in words."""

from __future__ import annotations

from govreport.forms import Form
from govreport.messages import render

KIND = {
    "count": render("spec-kind-count"),
    "signed": render("spec-kind-signed"),
    "money": render("spec-kind-money"),
}


def form_lines(form: Form) -> list[str]:
    """Every section, table, row, column and relation of a form, one per line."""
    out = [render("spec-title", version=form.version, name=form.name), ""]
    for section in form.sections:
        out.append(f"{section.number}、{section.title}")
        for table in (t for t in form.tables if t.section == section.key):
            if table.heading:
                out.append(f"  {table.heading}  [{table.key}]")
            else:
                out.append(f"  [{table.key}]")
            out.append(render("spec-columns"))
            for c in table.columns:
                group = "·".join(c.group) + "·" if c.group else ""
                unit = render("spec-unit", unit=c.unit) if c.unit else ""
                alias = render("spec-aliases", aliases="、".join(c.aliases)) if c.aliases else ""
                out.append(f"      {c.key:<24} {group}{c.label}  {KIND[c.kind]}{unit}{alias}")
            if table.layout == "grid":
                out.append(render("spec-rows"))
                for r in table.rows:
                    indent = "  " if r.parent else ""
                    kind = {"label": render("spec-label-row"), "group": render("spec-group-row")}.get(
                        r.kind, ""
                    )
                    alias = render("spec-aliases", aliases="、".join(r.aliases)) if r.aliases else ""
                    out.append(f"      {indent}{r.key:<26} {r.label}{kind}{alias}")
            for rel in table.relations:
                each = render("spec-each-row") if rel.each == "row" else render("spec-each-column")
                out.append(render("spec-relation", table=table.key, id=rel.id, each=each, label=rel.label))
            for q in table.inequalities:
                each = render("spec-each-row") if q.each == "row" else render("spec-each-column")
                out.append(
                    render(
                        "spec-inequality",
                        table=table.key,
                        id=q.id,
                        each=each,
                        label=q.label,
                        implied=q.implied,
                    )
                )
        out.append("")
    for link in form.links:
        out.append(render("spec-link", id=link.id, label=link.label))
    return out
