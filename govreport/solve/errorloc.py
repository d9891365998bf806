"""Fellegi–Holt error localisation for small sets: the smallest sets of known cells that, treated as
unknown, make every equation of govreport.solve.arithmetic satisfiable, with the values they would need.

A complete table (no unknowns) solves each candidate set in closed form; otherwise a shared base
propagation skips the candidates that certainly cannot work, and only the others get a full deduction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Literal

from govreport.solve.arithmetic import Equation, Solution, Var, _propagate, deduce


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
    pool = sorted(
        {v for t in touches for v in t if v in known and v not in unknown and v not in follow}, key=repr
    )
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
