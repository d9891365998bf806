"""The form's relations as linear equations over cells: deduce blanks, locate wrong cells, list fixes.

One core shared by the checker and the repair planner. Every variable is a non-negative integer count
(the relations of the form only join counts). Unknowns are blanks, placeholders and invalid values.

- `deduce` propagates what the equations and non-negativity force (a sole unknown is determined; a sum
  of unknowns that must be 0 makes each 0), then Gaussian elimination finds unknowns pinned by
  several equations together. It reports the equations that no non-negative integer completion meets.
Error location (which known cells to change) is built on it in govreport.solve.errorloc.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

Var = Any  # any hashable cell key (the checker uses CellRef); Any keeps callers precisely typed


class Equation(NamedTuple):
    """sum(coef * var) == 0 over the cells of one relation instance (coefs are +1/-1)."""

    relation: str  # "requests.row-total"
    where: str  # the row or column key it applies to
    terms: tuple[tuple[Var, int], ...]
    # the cells of the terms, in order (every solver loop reads them: kept rather than rebuilt per read)
    vars: tuple[Var, ...]

    @classmethod
    def of(cls, relation: str, where: str, terms: tuple[tuple[Var, int], ...]) -> Equation:
        return cls(relation, where, terms, tuple(v for v, _ in terms))


@dataclass
class Deduction:
    values: dict[Var, int] = field(default_factory=dict)  # unknowns the equations determine
    bounds: dict[Var, int] = field(default_factory=dict)  # upper bounds found for other unknowns
    violated: list[Equation] = field(default_factory=list)  # equations no completion satisfies

    @property
    def consistent(self) -> bool:
        return not self.violated


class Solution(NamedTuple):
    """Change these cells (to these values, None where several values would do) and every equation holds."""

    cells: tuple[Var, ...]
    values: tuple[int | None, ...]


def deduce(equations: Iterable[Equation], known: Mapping[Var, int], unknown: Iterable[Var]) -> Deduction:
    """What the equations force on the unknowns, and which equations cannot hold."""
    eqs = list(equations)
    unknown = set(unknown)
    vals: dict[Var, int] = {}
    out = Deduction(values=vals)
    bad: set[int] = set()
    if not unknown:  # the common case of a complete table: just evaluate every equation
        get = known.get
        out.violated = [eq for eq in eqs if sum(coef * get(v, 0) for v, coef in eq.terms) != 0]
        return out

    def value(v: Var) -> int | None:
        if v in vals:
            return vals[v]
        return None if v in unknown else known.get(v, 0)

    while True:
        _propagate(eqs, known, unknown, vals, bad, out.bounds)
        if bad:
            break
        before = len(vals)
        if all(v in vals for v in unknown):
            break
        _eliminate(eqs, value, vals, bad)
        if bad or len(vals) == before:
            break
    out.violated = [eqs[n] for n in sorted(bad)]
    for v in vals:
        out.bounds.pop(v, None)
    return out


def _propagate(
    eqs: list[Equation],
    known: Mapping[Var, int],
    unknown: set[Var],
    vals: dict[Var, int],
    bad: set[int],
    bounds: dict[Var, int],
    users: dict[Var, list[int]] | None = None,
    start: Iterable[int] | None = None,
) -> None:
    """Sole unknowns are determined; unknowns of one sign summing to 0 are 0; others get upper bounds.

    Pass after pass over the equations in order until nothing changes, as a worklist: an equation is looked
    at again only when one of its unknown cells got a value (looked at again unchanged, it would come out
    the same), later in this pass if it comes later, else in the next. Error location runs this hundreds
    of times per table, and a chain of totals takes several passes. `users` (the equations of each cell,
    at least of each unknown one) and `start` (the equations to look at first, when the others are known
    to come out as they did) let error location go on from a state it has already propagated.
    """
    got, get = vals.get, known.get
    if users is None:
        users = {}
        for n, eq in enumerate(eqs):
            for v in eq.vars:
                if v in unknown:
                    users.setdefault(v, []).append(n)
    now = list(range(len(eqs))) if start is None else sorted(start)  # this pass, ascending (a heap)
    queued = set(now)
    later: set[int] = set()
    while now:
        while now:
            n = heapq.heappop(now)
            queued.discard(n)
            if n in bad:
                continue
            residual = 0
            free: list[tuple[Var, int]] = []
            for v, coef in eqs[n].terms:
                x = got(v)
                if x is None:
                    if v in unknown:
                        free.append((v, coef))
                        continue
                    x = get(v, 0)
                residual -= coef * x
            if not free:
                if residual != 0:
                    bad.add(n)
                continue
            if len(free) == 1:
                v, coef = free[0]
                if residual % coef or residual // coef < 0:
                    bad.add(n)
                    continue
                vals[v] = residual // coef
                fixed: tuple[Var, ...] = (v,)
            else:
                signs = {coef > 0 for _, coef in free}
                if len(signs) != 1:
                    continue
                total = residual if True in signs else -residual
                if total < 0:
                    bad.add(n)
                    continue
                if total > 0:
                    for v, _ in free:
                        bounds[v] = min(bounds.get(v, total), total)
                    continue
                for v, _ in free:
                    vals[v] = 0
                fixed = tuple(v for v, _ in free)
            for v in fixed:
                for m in users[v]:
                    if m > n:
                        if m not in queued:
                            heapq.heappush(now, m)
                            queued.add(m)
                    else:
                        later.add(m)
        if later:  # the next pass
            now = sorted(later)
            queued = set(now)
            later = set()


def _eliminate(eqs: list[Equation], value, vals: dict[Var, int], bad: set[int]) -> None:
    """Gaussian elimination over the rationals: unknowns that the equations pin down jointly.

    The coefficients are ±1 and the pivots almost always ±1, so the arithmetic stays in ints (fast);
    a division that is not exact turns that number into a Fraction.
    """
    rows: list[tuple[dict[Var, Any], Any, int]] = []
    for n, eq in enumerate(eqs):
        coefs: dict[Var, Any] = {}
        rhs: Any = 0
        for v, coef in eq.terms:
            x = value(v)
            if x is None:
                coefs[v] = coefs.get(v, 0) + coef
            else:
                rhs -= coef * x
        coefs = {v: c for v, c in coefs.items() if c}
        if coefs:
            rows.append((coefs, rhs, n))
    if not rows:
        return
    pivots: list[tuple[Var, dict[Var, Any], Any, int]] = []
    for coefs, rhs, n in rows:
        coefs = dict(coefs)
        for pv, pcoefs, prhs, _ in pivots:
            c = coefs.get(pv)
            if c:
                for v, pc in pcoefs.items():
                    coefs[v] = coefs.get(v, 0) - c * pc
                    if not coefs[v]:
                        del coefs[v]
                rhs -= c * prhs
        if not coefs:
            if rhs:
                bad.add(n)
            continue
        pv = next(iter(coefs))
        pc = coefs[pv]
        if pc != 1:
            coefs = {v: _div(c, pc) for v, c in coefs.items()}
            rhs = _div(rhs, pc)
        # keep the pivot rows reduced against the new pivot
        new_pivots = []
        for qv, qcoefs, qrhs, qn in pivots:
            c = qcoefs.get(pv)
            if c:
                qcoefs = dict(qcoefs)
                for v, x in coefs.items():
                    qcoefs[v] = qcoefs.get(v, 0) - c * x
                    if not qcoefs[v]:
                        del qcoefs[v]
                qrhs -= c * rhs
            new_pivots.append((qv, qcoefs, qrhs, qn))
        pivots = new_pivots + [(pv, coefs, rhs, n)]
    for pv, pcoefs, prhs, n in pivots:
        if len(pcoefs) == 1:
            if (not isinstance(prhs, int) and prhs.denominator != 1) or prhs < 0:
                bad.add(n)
            else:
                vals[pv] = int(prhs)


def _div(x: Any, d: Any) -> Any:
    """x / d exactly: an int while it divides evenly, a Fraction otherwise."""
    if isinstance(x, int) and isinstance(d, int) and x % d == 0:
        return x // d
    from fractions import Fraction  # rare: only for pivots other than ±1

    return Fraction(x) / d


def violated(
    equations: Iterable[Equation], known: Mapping[Var, int], unknown: Iterable[Var] = ()
) -> list[Equation]:
    """The equations that cannot hold as the cells stand."""
    return deduce(equations, known, unknown).violated


def equations_for(relation_id: str, where: str, lhs: Iterable[Var], rhs: Iterable[Var]) -> Equation:
    """sum(lhs) - sum(rhs) == 0 as an Equation (a var on both sides cancels)."""
    coefs: dict[Var, int] = {}
    for v in lhs:
        coefs[v] = coefs.get(v, 0) + 1
    for v in rhs:
        coefs[v] = coefs.get(v, 0) - 1
    return Equation.of(relation_id, where, tuple((v, c) for v, c in coefs.items() if c))
