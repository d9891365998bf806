"""Minimal-change error location (Fellegi–Holt) with no fixed number of cells, proved by lower bounds.

govreport.solve.errorloc tries every set of one or two cells. A totals column typed 0, or row （七）总计 typed 0 in
every column, needs 7 to 25 cells: too many sets to try. This search finds every smallest set of known
cells whose change lets every equation hold (over non-negative integers), or says that its deterministic
node limit was reached. It is pure Python, with no solver dependency (see README, 错误定位).

How it is proved. Making a set S of known cells unknown, propagation (a sole unknown is determined, unknowns
of one sign summing to 0 are 0, a derived count is a non-negative integer) is run with, for every value and
every contradiction, the set of known cells its derivation read: its *reason*. A contradiction stands for
every superset of S that changes none of its reason's cells, so every solution holds a cell of each reason:

- branching on the cells of one reason (the smallest) misses no solution;
- reasons that share no cell each need a cell of their own: their number, added to |S|, is a lower bound
  on any solution below this node (Fellegi and Holt's failing edits that share no field).

Sizes are tried upwards from the first lower bound (iterative deepening), so the first size with a solution
is the minimum, and every solution of that size is found (each once: the cells of a reason tried before a
cell are barred below it). When propagation finds nothing wrong, govreport.arithmetic.deduce (which adds
Gaussian elimination) decides; a contradiction only it finds gets the cells of every equation joined to it
through unknown cells as its reason. A solution whose values are all determined is verified in exact
integers against every equation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal, NamedTuple

from govreport.solve.arithmetic import Equation, Solution, Var, deduce
from govreport.solve.errorloc import _reach  # the cells a formula total follows, through other totals

# Nodes of the search tree, not seconds: the same file gives the same answer on a busy machine. A totals
# column typed 0 (25 cells) takes ~200 nodes, row （七） typed 0 ~30, up to 8 scattered typos in table 2 a few
# thousand at most, two applicant columns swapped over the results up to ~9,000; a node is ~0.1–0.3 ms, so
# the limit costs ~2 s at worst.
MAX_NODES = 10_000
MAX_SOLUTIONS = 10  # listed when the minimum is not unique (one more is sought, to say there are more)

Status = Literal["unique", "several", "limit", "none"]


class MinChange(NamedTuple):
    """What the search found: the smallest corrections, or that it stopped at its limit."""

    status: Status
    solutions: tuple[Solution, ...] | list[Solution] = ()  # at most MAX_SOLUTIONS
    more: bool = False  # more equally small corrections exist than are listed
    nodes: int = 0  # search nodes evaluated (deterministic)
    bound: int = 0  # proved: no correction of fewer cells exists (the size of the solutions when found)


class _Limit(Exception):
    pass


def lower_bound(
    equations: Iterable[Equation],
    known: Mapping[Var, int],
    unknown: Iterable[Var] = (),
    derived: Mapping[Var, Iterable[Var]] | None = None,
) -> int:
    """How many known cells any correction must change at least (failing relations that share no cell)."""
    s = _Search(list(equations), known, set(unknown), derived or {})
    clashes, _sol = s.node(())
    return _packing(clashes)


def min_change(
    equations: Iterable[Equation],
    known: Mapping[Var, int],
    unknown: Iterable[Var] = (),
    derived: Mapping[Var, Iterable[Var]] | None = None,
    *,
    max_nodes: int | None = None,
    max_solutions: int | None = None,
) -> MinChange:
    """Every smallest set of known cells whose change makes all equations hold, with their values.

    `derived` maps a cell computed by a correct formula to the cells it reads: it follows them and is
    never blamed itself (as in errorloc.locate_errors). Values are None where several would do.
    """
    max_nodes = MAX_NODES if max_nodes is None else max_nodes  # read at call time: tests lower the limit
    max_solutions = MAX_SOLUTIONS if max_solutions is None else max_solutions
    s = _Search(list(equations), known, set(unknown), derived or {}, max_nodes)
    clashes, sol = s.node(())
    if sol is not None or not all(clashes):
        # nothing to correct, or a contradiction no known cell takes part in (blank cells that no
        # non-negative value fits, or formula totals): no change of known cells can lift it
        return MinChange("none", nodes=1)
    size = _packing(clashes)
    try:
        while size <= len(s.pool):
            s.found = []
            s.want = max_solutions + 1
            try:
                s.dfs((), 0, size)
            except _Full:
                pass
            if s.found:
                sols = s.found[:max_solutions]
                return MinChange(
                    "unique" if len(s.found) == 1 else "several",
                    sols,
                    more=len(s.found) > max_solutions,
                    nodes=s.nodes,
                    bound=size,
                )
            size += 1
    except _Limit:
        return MinChange("limit", nodes=s.nodes - 1, bound=size)
    return MinChange("none", nodes=s.nodes, bound=size)  # a contradiction among cells that cannot be blamed


class _Full(Exception):
    pass


def _packing(masks: list[int], enough: int | None = None) -> int:
    """How many reasons share no cell (each needs a cell of its own): the better of two greedy choices.

    Any family of pairwise disjoint reasons is a valid lower bound; a larger one prunes more. Smallest
    first suits reasons of one equation each; taking the reason that meets the fewest others first suits
    the large reasons of values carried through a changed cell (a row total, then its column).
    """
    small = used = 0
    for m in sorted(set(masks), key=int.bit_count):
        if not m & used:
            used |= m
            small += 1
    if enough is not None and small >= enough:
        return small  # already prunes: the costlier choice is not needed
    left = list(set(masks))
    fewest = 0
    while left:
        pick = min(left, key=lambda a: (sum(1 for o in left if o & a), a.bit_count(), a))
        fewest += 1
        left = [o for o in left if not o & pick]
    return max(small, fewest)


def _needs_at_most(masks: list[int], n: int) -> bool:
    """False when these reasons provably need more than n cells (n >= 1): one cell must be in them all."""
    if n == 1:
        common = masks[0]
        for m in masks:
            common &= m
        return bool(common)
    return _packing(masks, n + 1) <= n


class _Search:
    def __init__(
        self,
        eqs: list[Equation],
        known: Mapping[Var, int],
        unknown: set[Var],
        derived: Mapping[Var, Iterable[Var]],
        max_nodes: int = MAX_NODES,
    ):
        self.eqs, self.known, self.unknown = eqs, known, unknown
        self.follow = set(_reach(derived))
        self.loose0 = unknown | self.follow
        self.pool = sorted(
            {v for eq in eqs for v in eq.vars if v in known and v not in self.loose0}, key=repr
        )
        self.bit = {v: 1 << i for i, v in enumerate(self.pool)}
        self.index = {v: i for i, v in enumerate(self.pool)}
        self.users: dict[Var, list[int]] = {}
        for n, eq in enumerate(eqs):
            for v in eq.vars:
                self.users.setdefault(v, []).append(n)
        self.nodes, self.max_nodes = 0, max_nodes
        self.found: list[Solution] = []
        self.want = MAX_SOLUTIONS + 1
        self.memo: dict[tuple, tuple[list[int], Solution | None]] = {}

    # ---------------------------------------------------------------------------------------------- search
    def dfs(self, cells: tuple[Var, ...], barred: int, size: int) -> None:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise _Limit
        clashes, sol = self.node(cells)
        if not clashes:
            if sol is not None and len(cells) == size:
                self.found.append(sol)
                if len(self.found) >= self.want:
                    raise _Full
            return
        if len(cells) >= size:
            return
        open_ = [m & ~barred for m in clashes]
        if not all(open_):
            return  # a contradiction only barred cells could lift
        if len(cells) + _packing(open_, size - len(cells) + 1) > size:
            return
        branch = min(open_, key=int.bit_count)
        left = size - len(cells) - 1  # cells still to add below a child
        tried = 0
        for i, v in enumerate(self.pool):
            b = 1 << i
            if not b & branch:
                continue
            # a solution below the child holds a cell of every reason here that the child's cell misses,
            # among the cells not barred: when those reasons need more than `left`, the child is not evaluated
            bar = barred | tried
            rest = [m & ~bar for m in open_ if not m & b]
            if all(rest) and (not rest or left and _needs_at_most(rest, left)):
                self.dfs(tuple(sorted((*cells, v), key=self.index.__getitem__)), bar, size)
            tried |= b

    def node(self, cells: tuple[Var, ...]) -> tuple[list[int], Solution | None]:
        hit = self.memo.get(cells)
        if hit is None:
            clashes, _facts = self.evaluate(cells)
            sol = None
            if not clashes:
                sol = self.leaf(cells)
                if sol is None:
                    clashes = self._deduced_clashes(cells)
            hit = self.memo[cells] = (clashes, sol)
        return hit

    def leaf(self, cells: tuple[Var, ...]) -> Solution | None:
        """The solution these cells give, or None when deduction (with elimination) still finds a contradiction."""
        loose = self.loose0 | set(cells)
        d = deduce(self.eqs, self.known, loose)
        if not d.consistent:
            return None
        values = tuple(d.values.get(v) for v in cells)
        if all(v in d.values for v in loose) and not self._verified(d.values):
            return None
        return Solution(cells=cells, values=values)

    def _verified(self, values: Mapping[Var, int]) -> bool:
        """Every equation holds in exact integers, every value a non-negative integer."""
        if any(not isinstance(x, int) or x < 0 for x in values.values()):
            return False
        get = self.known.get
        return all(
            sum(c * (values[v] if v in values else get(v, 0)) for v, c in eq.terms) == 0 for eq in self.eqs
        )

    def _deduced_clashes(self, cells: tuple[Var, ...]) -> list[int]:
        """Reasons for contradictions only elimination found: every cell joined to them through unknowns."""
        loose = self.loose0 | set(cells)
        d = deduce(self.eqs, self.known, loose)
        out = []
        for eq in d.violated or self.eqs:
            mask, seen, todo = 0, {id(eq)}, [eq]
            while todo:
                for v in todo.pop().vars:
                    mask |= self.bit.get(v, 0) if v not in loose else 0
                    if v in loose:
                        for n in self.users[v]:
                            other = self.eqs[n]
                            if id(other) not in seen:
                                seen.add(id(other))
                                todo.append(other)
            out.append(mask)
        return out

    # ------------------------------------------------------------------------------------------ propagation
    def evaluate(self, cells: tuple[Var, ...]) -> tuple[list[int], dict[Var, tuple[int, int]]]:
        """Propagate with these cells unknown too: the reasons (bit masks of pool cells) of every contradiction.

        The rules of arithmetic._propagate, run past a contradiction, every value carrying the known cells
        that the equations leading to it read.
        """
        eqs, known, bit, users = self.eqs, self.known, self.bit, self.users
        loose = self.loose0 | set(cells) if cells else self.loose0
        facts: dict[Var, tuple[int, int]] = {}
        clashes: list[int] = []
        bad: set[int] = set()
        todo = list(range(len(eqs) - 1, -1, -1))
        queued = set(todo)
        got = facts.get
        while todo:
            n = todo.pop()
            queued.discard(n)
            if n in bad:
                continue
            residual = dep = 0
            free: list[tuple[Var, int]] = []
            for v, coef in eqs[n].terms:
                xd = got(v)
                if xd is None:
                    if v in loose:
                        free.append((v, coef))
                        continue
                    x = known.get(v, 0)
                    dep |= bit.get(v, 0)
                else:
                    x, d = xd
                    dep |= d
                residual -= coef * x
            new: list[Var] = []
            if not free:
                clash = residual != 0
            elif len(free) == 1:
                v, coef = free[0]
                clash = bool(residual % coef) or residual // coef < 0
                if not clash:
                    facts[v] = (residual // coef, dep)
                    new.append(v)
            else:
                signs = {coef > 0 for _, coef in free}
                total = residual if True in signs else -residual
                if len(signs) != 1 or total > 0:
                    continue
                clash = total < 0
                if not clash:
                    for v, _ in free:
                        facts[v] = (0, dep)
                        new.append(v)
            if clash:
                bad.add(n)
                clashes.append(dep)
            for v in new:
                for m in users[v]:
                    if m not in queued and m not in bad:
                        queued.add(m)
                        todo.append(m)
        return clashes, facts
