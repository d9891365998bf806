"""The form's relations as linear equations over cells: deduce blanks, locate wrong cells, list fixes.

One core shared by the checker and the repair planner. Every variable is a non-negative integer count
(the relations of the form only join counts). Unknowns are blanks, placeholders and invalid values.

- `deduce` propagates what the equations and non-negativity force (a sole unknown is determined; a sum
  of unknowns that must be 0 makes each 0), then Gaussian elimination finds unknowns pinned by
  several equations together. It reports the equations that no non-negative integer completion meets.
- `locate_errors` is Fellegi–Holt error localisation for small sets: the smallest sets of known cells
  that, treated as unknown, make every equation satisfiable, with the values they would need.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Literal

Var = Any  # any hashable cell key (the checker uses CellRef); Any keeps callers precisely typed


@dataclass(frozen=True)
class Equation:
    """sum(coef * var) == 0 over the cells of one relation instance (coefs are +1/-1)."""

    relation: str  # "requests.row-total"
    where: str  # the row or column key it applies to
    terms: tuple[tuple[Var, int], ...]
    # the cells of the terms, in order (every solver loop reads them: kept rather than rebuilt per read)
    vars: tuple[Var, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "vars", tuple(v for v, _ in self.terms))


@dataclass
class Deduction:
    values: dict[Var, int] = field(default_factory=dict)  # unknowns the equations determine
    bounds: dict[Var, int] = field(default_factory=dict)  # upper bounds found for other unknowns
    violated: list[Equation] = field(default_factory=list)  # equations no completion satisfies

    @property
    def consistent(self) -> bool:
        return not self.violated


@dataclass(frozen=True)
class Solution:
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


def _propagate(eqs: list[Equation], known: Mapping[Var, int], unknown: set[Var], vals: dict[Var, int],
               bad: set[int], bounds: dict[Var, int], users: dict[Var, list[int]] | None = None,
               start: Iterable[int] | None = None) -> None:
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


def violated(equations: Iterable[Equation], known: Mapping[Var, int], unknown: Iterable[Var] = ()) -> list[Equation]:
    """The equations that cannot hold as the cells stand."""
    return deduce(equations, known, unknown).violated


def locate_errors(
    equations: Iterable[Equation],
    known: Mapping[Var, int],
    unknown: Iterable[Var] = (),
    max_cells: int = 2,
    max_tries: int = 5000,
    derived: Mapping[Var, Iterable[Var]] | None = None,
    prefilter: bool = True,
) -> list[Solution]:
    """Every smallest set of known cells (up to max_cells) whose change makes all equations satisfiable.

    `derived` maps a cell computed by a correct formula (a total =SUM(parts)) to the cells it reads: such
    a cell cannot be wrong by itself and follows its parts, so a wrong part is sought through it.
    `prefilter=False` deduces every candidate (the plain path the tests compare the fast one against).
    """
    eqs = list(equations)
    unknown = set(unknown)
    first = deduce(eqs, known, unknown)
    if first.consistent:
        return []
    failing = first.violated
    reach = _reach(derived or {})
    follow = set(reach)

    # deduction carries a wrong value through unknown cells (blanks, totals that follow them) and reports the
    # equation where it finally clashes, which need not hold the wrong cell: an equation also reaches every
    # equation it shares an unknown with
    loose = unknown | follow
    by_var: dict[Var, list[Equation]] = {}
    if loose:
        for eq in eqs:
            for v in eq.vars:
                if v in loose:
                    by_var.setdefault(v, []).append(eq)

    def touched(eq: Equation) -> set[Var]:
        out: set[Var] = set()
        todo, seen = [eq], {id(eq)}
        while todo:
            for v in todo.pop().vars:
                out.add(v)
                out |= reach.get(v, set())
                for other in by_var.get(v, ()):
                    if id(other) not in seen:
                        seen.add(id(other))
                        todo.append(other)
        return out

    touches = [touched(eq) for eq in failing]
    pool = sorted({v for t in touches for v in t if v in known and v not in unknown and v not in follow}, key=repr)
    # a complete table (nothing unknown, no formula totals): each candidate set is a tiny linear system
    quick = _Residuals(eqs, known) if not unknown and not follow else None
    # otherwise propagation over the candidate's system goes on from one shared propagation (see _Base)
    base = _Base(eqs, known, loose, pool) if quick is None and prefilter else None
    tries = 0
    for size in range(1, max_cells + 1):
        found: list[Solution] = []
        for combo in combinations(pool, size):
            if not all(any(v in t for v in combo) for t in touches):
                continue
            tries += 1
            if tries > max_tries:
                return found
            pinned = quick.solve(combo) if quick is not None else None
            if pinned is False:
                continue
            if pinned is not None:
                found.append(Solution(cells=combo, values=pinned))
                continue
            if base is not None and base.rejects(combo):
                continue
            d = deduce(eqs, known, unknown | set(combo) | follow)  # not a complete table, or not pinned
            if d.consistent:
                found.append(Solution(cells=combo, values=tuple(d.values.get(v) for v in combo)))
        if found:
            return found
    return []


class _Base:
    """Propagation over the system where only the unknowns are unknown, each value with the cells it rests on.

    A candidate set of known cells is rejected only when deduce would reject it. The rules of _propagate
    are run to their end (past a clash instead of stopping), every value and every clash carrying the pool
    cells (bit i for pool[i]) that the equations leading to it read. Making the candidate cells unknown
    leaves valid every derivation that read none of them, and propagation only ever derives more from more
    values (a cell fixed another way keeps a clash a clash: derived values are non-negative integers), so
    deduce finds a contradiction, in whatever order, whenever one is derived here from valid values.
    """

    def __init__(self, eqs: list[Equation], known: Mapping[Var, int], unknown: set[Var], pool: list[Var]):
        self.eqs, self.known, self.unknown = eqs, known, unknown
        self.bit = bit = {v: 1 << i for i, v in enumerate(pool)}
        facts: dict[Var, tuple[int, int]] = {}
        users: dict[Var, list[int]] = {}
        for n, eq in enumerate(eqs):
            for v in eq.vars:
                users.setdefault(v, []).append(n)
        self.facts, self.users = facts, users
        self.clashes: list[int] = []
        got, get, pbit = facts.get, known.get, bit.get
        bad: set[int] = set()
        todo = list(range(len(eqs)))
        while todo:
            n = todo.pop()
            if n in bad:
                continue
            residual = dep = 0
            free: list[tuple[Var, int]] = []
            for v, coef in eqs[n].terms:
                xd = got(v)
                if xd is None:
                    if v in unknown:
                        free.append((v, coef))
                        continue
                    x = get(v, 0)
                    dep |= pbit(v, 0)
                else:
                    x, d = xd
                    dep |= d
                residual -= coef * x
            if not free:
                clash = residual != 0
            elif len(free) == 1:
                v, coef = free[0]
                clash = bool(residual % coef) or residual // coef < 0
                if not clash:
                    facts[v] = (residual // coef, dep)
                    todo.extend(users[v])
            else:
                signs = {coef > 0 for _, coef in free}
                total = residual if True in signs else -residual
                if len(signs) != 1 or total > 0:
                    continue
                clash = total < 0
                if not clash:
                    for v, _ in free:
                        facts[v] = (0, dep)
                        todo.extend(users[v])
            if clash:
                bad.add(n)
                self.clashes.append(dep)

    def rejects(self, combo: tuple[Var, ...]) -> bool:
        """True only if deduce finds a contradiction once these known cells are unknown too."""
        mask = 0
        for v in combo:
            mask |= self.bit[v]
        for c in self.clashes:
            if not c & mask:
                return True  # a clash that reads none of the cells stands
        # the values that read none of the cells stand; propagation goes on from the equations holding the
        # cells or a value that no longer stands (every other equation comes out as it did, clash-free)
        vals: dict[Var, int] = {}
        start: set[int] = set()
        users = self.users
        for v, (x, d) in self.facts.items():
            if d & mask:
                start.update(users[v])
            else:
                vals[v] = x
        for v in combo:
            start.update(users.get(v, ()))
        bad: set[int] = set()
        _propagate(self.eqs, self.known, self.unknown | set(combo), vals, bad, {}, users, start)
        return bool(bad)


class _Residuals:
    """The residual of every equation of a complete table, and which equations each cell is in.

    Changing cells c1, c2 by d1, d2 keeps equation n true iff sum(coef(n, ci) * di) == -residual(n); with one
    or two cells that is solved directly, with no deduction (which would cost ~1,000 times more).
    """

    def __init__(self, eqs: list[Equation], known: Mapping[Var, int]):
        self.known = known
        self.residual = [sum(coef * known.get(v, 0) for v, coef in eq.terms) for eq in eqs]
        self.index: dict[Var, dict[int, int]] = {}
        for n, eq in enumerate(eqs):
            for v, coef in eq.terms:
                self.index.setdefault(v, {})[n] = coef
        self.broken = {n for n, r in enumerate(self.residual) if r}

    def solve(self, combo: tuple[Var, ...]) -> tuple[int, ...] | None | Literal[False]:
        """New values for the cells, False when no change of them works, None when not pinned down."""
        rows = sorted(set().union(*(self.index.get(v, {}) for v in combo)))
        if not self.broken <= set(rows):
            return False
        a = [[self.index.get(v, {}).get(n, 0) for v in combo] for n in rows]
        r = [-self.residual[n] for n in rows]
        delta = _solve_small(a, r)
        if delta is None:
            return None
        if delta is False:
            return False
        out = []
        for v, d in zip(combo, delta, strict=True):
            x = self.known.get(v, 0) + d
            if x < 0 or d == 0:
                return False
            out.append(x)
        return tuple(out)


def _solve_small(a: list[list[int]], r: list[int]) -> list[int] | None | Literal[False]:
    """Integer d with a·d == r for 1 or 2 unknowns: the solution, False if none, None if not unique."""
    k = len(a[0])
    if k == 1:
        d: int | None = None
        for (c,), rhs in zip(a, r, strict=True):
            if c == 0:
                if rhs:
                    return False
                continue
            if rhs % c:
                return False
            if d is None:
                d = rhs // c
            elif d != rhs // c:
                return False
        return [d] if d is not None else None
    for i in range(len(a)):  # two unknowns: the first pair of independent rows pins them
        for j in range(i + 1, len(a)):
            det = a[i][0] * a[j][1] - a[i][1] * a[j][0]
            if det:
                n1 = r[i] * a[j][1] - a[i][1] * r[j]
                n2 = a[i][0] * r[j] - r[i] * a[j][0]
                if n1 % det or n2 % det:
                    return False
                sol = [n1 // det, n2 // det]
                ok = all(row[0] * sol[0] + row[1] * sol[1] == rhs for row, rhs in zip(a, r, strict=True))
                return sol if ok else False
    return None


def _reach(derived: Mapping[Var, Iterable[Var]]) -> dict[Var, set[Var]]:
    """For each derived cell, every cell it depends on through other derived cells too."""
    direct = {k: set(v) for k, v in derived.items()}
    out: dict[Var, set[Var]] = {}

    def walk(k: Var, seen: set[Var]) -> set[Var]:
        if k in out:
            return out[k]
        acc: set[Var] = set()
        for p in direct.get(k, ()):
            acc.add(p)
            if p in direct and p not in seen:
                acc |= walk(p, seen | {p})
        out[k] = acc
        return acc

    for k in direct:
        walk(k, {k})
    return out


def equations_for(relation_id: str, where: str, lhs: Iterable[Var], rhs: Iterable[Var]) -> Equation:
    """sum(lhs) - sum(rhs) == 0 as an Equation (a var on both sides cancels)."""
    coefs: dict[Var, int] = {}
    for v in lhs:
        coefs[v] = coefs.get(v, 0) + 1
    for v in rhs:
        coefs[v] = coefs.get(v, 0) - 1
    return Equation(relation_id, where, tuple((v, c) for v, c in coefs.items() if c))
