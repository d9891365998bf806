"""Sample values for the report tables: random sets that satisfy every relation of a form, and the seed report.

The random sets know no row or column keys: they read the totals, parts and balances from Form.relations.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Sequence
from decimal import Decimal

from govreport.forms import Column, Form, Table, get_form
from govreport.template import numeric_rows

Key = tuple[str, str, str]
Number = int | Decimal


def _draw(col: Column, rng: random.Random, zero_share: float, max_count: int) -> Number:
    if rng.random() < zero_share:
        return Decimal(0) if col.kind == "money" else 0
    if col.kind == "money":
        # Fees are printed in 万元 with up to 4 decimals (59237.2449); keep them exact.
        return Decimal(rng.randint(1, max_count * 10**4)).scaleb(-rng.randint(0, 4))
    if col.kind == "signed":
        return rng.choice((-1, 1)) * rng.randint(1, max_count)
    return rng.randint(1, max_count)


def _draw_for(col: Column, rng: random.Random, zero_share: float, max_count: int, _key: str) -> Number:
    return _draw(col, rng, zero_share, max_count)


def _split(total: Number, n: int, rng: random.Random) -> list[Number]:
    """Cut a non-negative integer total into n non-negative parts at random points."""
    cuts = sorted(rng.randint(0, int(total)) for _ in range(n - 1))
    bounds = [0, *cuts, int(total)]
    return [bounds[i + 1] - bounds[i] for i in range(n)]


def _fill(
    keys: Sequence[str],
    sums: list[tuple[str, list[str]]],
    equals: list[tuple[list[str], list[str]]],
    draw: Callable[[str], Number],
    rng: random.Random,
) -> dict[str, Number]:
    """Values for one line of cells (one column, or one row) that satisfy its sums and balances.

    Totals are computed from their parts; of each balance, the side holding no total is derived by cutting
    the other side's sum into non-negative parts (一、二 from （七）总计 + 四), the rest is drawn.
    """
    totals = {t for t, _ in sums}
    plans = []
    for left, right in equals:
        split, other = (left, right) if not totals & set(left) else (right, left)
        if totals & set(split):
            raise ValueError("a balance with a total on both sides cannot be sampled")
        plans.append((split, other))
    derived = totals | {k for split, _ in plans for k in split}
    vals: dict[str, Number] = {k: draw(k) for k in keys if k not in derived}
    while len(vals) < len(keys):
        progress = False
        for total, parts in sums:
            if total not in vals and all(p in vals for p in parts):
                vals[total] = sum(vals[p] for p in parts)  # type: ignore[assignment]
                progress = True
        for split, other in plans:
            if split[0] not in vals and all(o in vals for o in other):
                vals.update(zip(split, _split(sum(vals[o] for o in other), len(split), rng), strict=True))
                progress = True
        if not progress:
            raise ValueError("the relations leave some cells undetermined")
    return vals


def _table_values(table: Table, rng: random.Random, zero_share: float, max_count: int) -> dict[Key, Number]:
    rows = [r.key for r in numeric_rows(table)]
    cols = {c.key: c for c in table.columns}

    def expand(key: str) -> list[str]:
        return [i.key for i in table.items(key)] or [key]

    row_sums = [
        (r.total or "", list(r.parts)) for r in table.relations if r.kind == "sum" and r.each == "row"
    ]
    # a group's subtotal row is not part of the national form: sample tables have none
    col_sums = [
        (r.total or "", [k for p in r.parts for k in expand(p)])
        for r in table.relations
        if r.kind == "sum" and r.each == "column" and not r.own_rows
    ]
    # nor numbers on a heading row (三、本年度办理结果), which only advisory relations check
    col_equals = [
        ([k for p in r.left for k in expand(p)], [k for p in r.right for k in expand(p)])
        for r in table.relations
        if r.kind == "equal" and r.each == "column" and not r.own_rows
    ]
    if any(r.kind == "equal" and r.each == "row" for r in table.relations):
        raise NotImplementedError("a balance across columns is not in any form yet")
    derived_cols = {t for t, _ in row_sums}
    grid: dict[tuple[str, str], Number] = {}
    # Columns that are parts first (each satisfying the column relations), then the row totals from them:
    # sums are linear, so the total columns satisfy the column relations too.
    for ck, col in cols.items():
        if ck in derived_cols:
            continue
        line = _fill(
            rows, col_sums, col_equals, functools.partial(_draw_for, col, rng, zero_share, max_count), rng
        )
        grid.update(((rk, ck), v) for rk, v in line.items())
    for rk in rows:
        known = {ck: grid[(rk, ck)] for ck in cols if ck not in derived_cols}
        line = _fill(list(cols), row_sums, [], known.__getitem__, rng)
        grid.update(((rk, ck), v) for ck, v in line.items())
    for ineq in (
        table.inequalities
    ):  # 上一年项目数量 + 本年增/减 >= 0: a decrease larger than the items is an increase
        for rk in rows if ineq.each == "row" else ():
            terms = [(rk, k) for k in ineq.terms]
            if sum(grid[k] for k in terms) < ineq.at_least:
                grid.update((k, -grid[k]) for k in terms if cols[k[1]].kind == "signed" and grid[k] < 0)
    return {(table.key, rk, ck): v for (rk, ck), v in grid.items()}


def consistent_values(
    form: Form, rng: random.Random, *, zero_share: float = 0.5, max_count: int = 30
) -> dict[Key, Number]:
    """A random full set of table values satisfying every relation of the form."""
    out: dict[Key, Number] = {}
    for table in form.tables:
        out.update(_table_values(table, rng, zero_share, max_count))
    return out


# The rows the seed report leaves blank in every column (docs/seed-report.txt, table 2).
_SEED_BLANK_ROWS = ("granted", "partial", "refused_state_secret")


def seed_values() -> dict[Key, int | None]:
    """The numbers of the seed report (老城区商务和工业信息化局 2021): zeros, three table 2 rows blank."""
    form = get_form("2021")
    out: dict[Key, int | None] = {}
    for table in form.tables:
        for row in numeric_rows(table):
            for col in table.columns:
                blank = table.key == "requests" and row.key in _SEED_BLANK_ROWS
                out[(table.key, row.key, col.key)] = None if blank else 0
    return out
