import random

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport.solve.arithmetic import deduce, equations_for, violated
from govreport.solve.errorloc import locate_errors

R, C = 6, 4  # a small table-2-like system: rows 0..4 parts, row 5 total; cols 0..2 parts, col 3 total


def _eqs():
    out = [equations_for("t.row", str(r), [(r, C - 1)], [(r, c) for c in range(C - 1)]) for r in range(R)]
    out += [equations_for("t.col", str(c), [(R - 1, c)], [(r, c) for r in range(R - 1)]) for c in range(C)]
    return out


def _table(rng):
    v = {}
    for r in range(R - 1):
        for c in range(C - 1):
            v[(r, c)] = rng.choice([0, 0, rng.randint(0, 40)])
        v[(r, C - 1)] = sum(v[(r, c)] for c in range(C - 1))
    for c in range(C):
        v[(R - 1, c)] = sum(v[(r, c)] for r in range(R - 1))
    return v


@given(st.randoms(use_true_random=False))
def test_consistent_table_has_no_violation(rng):
    assert violated(_eqs(), _table(rng)) == []


@settings(max_examples=60)
@given(st.randoms(use_true_random=False), st.integers(0, R - 1), st.integers(0, C - 1), st.integers(1, 50))
def test_single_wrong_cell_is_located_with_its_value(rng, r, c, delta):
    good = _table(rng)
    bad = dict(good)
    bad[(r, c)] += delta
    sols = locate_errors(_eqs(), bad)
    assert len(sols) == 1
    assert sols[0].cells == ((r, c),)
    assert sols[0].values == (good[(r, c)],)


@settings(max_examples=60)
@given(
    st.randoms(use_true_random=False),
    st.sets(st.tuples(st.integers(0, R - 1), st.integers(0, C - 1)), max_size=8),
)
def test_blanks_deduced_are_the_true_values(rng, blanks):
    good = _table(rng)
    known = {k: v for k, v in good.items() if k not in blanks}
    d = deduce(_eqs(), known, blanks)
    assert d.consistent
    for k, x in d.values.items():
        assert good[k] == x


def test_blank_parts_of_a_zero_total_are_zero():
    eqs = [equations_for("t.row", "0", ["T"], ["a", "b", "c"])]
    d = deduce(eqs, {"T": 0}, ["a", "b", "c"])
    assert d.values == {"a": 0, "b": 0, "c": 0}


def test_negative_completion_is_a_violation():
    eqs = [equations_for("t.row", "0", ["T"], ["a", "b", "c"])]
    d = deduce(eqs, {"T": 3, "a": 5}, ["b", "c"])
    assert not d.consistent


def test_sole_unknown_needs_an_integer():
    eqs = [equations_for("t.bal", "0", ["a", "b"], ["c", "d"])]
    d = deduce(eqs, {"a": 1, "b": 2, "c": 1}, ["d"])
    assert d.values == {"d": 2}


def test_compensating_double_count_is_ambiguous():
    # a request counted both as handled and as carried out: only the balances break
    rng = random.Random(3)
    good = _table(rng)
    bad = dict(good)
    bad[(0, 0)] += 1  # not part of any equation besides its row/col here, so build a balance-only case:
    eqs = [
        equations_for("t.bal", "x", ["n1", "n2"], ["h", "o"]),
        equations_for("t.bal", "y", ["m1", "m2"], ["g", "p"]),
    ]
    known = {"n1": 3, "n2": 1, "h": 3, "o": 2, "m1": 2, "m2": 0, "g": 1, "p": 2}
    sols = locate_errors(eqs, known, max_cells=2)
    assert len(sols) > 1 and all(len(s.cells) == 2 for s in sols)


@settings(max_examples=60)
@given(
    st.randoms(use_true_random=False),
    st.integers(0, R - 1),
    st.integers(0, C - 1),
    st.integers(0, R - 1),
    st.integers(0, C - 1),
    st.integers(1, 9),
    st.integers(1, 9),
)
def test_closed_form_agrees_with_deduction(rng, r1, c1, r2, c2, d1, d2):
    # the fast path for complete tables must find exactly what deduction finds
    import govreport.solve.errorloc as A

    good = _table(rng)
    bad = dict(good)
    bad[(r1, c1)] += d1
    bad[(r2, c2)] += d2
    fast = locate_errors(_eqs(), bad)
    original = A._Residuals.solve
    try:
        A._Residuals.solve = lambda self, combo: None  # force the deduction path
        slow = locate_errors(_eqs(), bad)
    finally:
        A._Residuals.solve = original
    assert sorted(fast, key=repr) == sorted(slow, key=repr)


def _form_like(rng):
    """Parts in row groups with subtotals, a grand total, a balance and row totals, as in table 2.

    Some cells wrong, some unknown; `derived` names formula totals (a total reading an unknown is unknown).
    """
    parts, cols = rng.randint(2, 5), rng.randint(1, 3)
    cut = rng.randint(1, parts)
    groups = [list(range(cut)), list(range(cut, parts))] if cut < parts else [list(range(parts))]
    v = {
        ("p", r, c): rng.choice([0, 0, rng.randint(0, 9), rng.randint(0, 60)])
        for r in range(parts)
        for c in range(cols)
    }
    totals = {}
    for c in range(cols):
        for g, rows in enumerate(groups):
            totals[("sub", g, c)] = [("p", r, c) for r in rows]
        totals[("all", c)] = [("sub", g, c) for g in range(len(groups))]
    for t, ps in totals.items():  # insertion order: subtotals before the grand total
        v[t] = sum(v[p] for p in ps)
    eqs = [equations_for("t.sum", repr(t), [t], ps) for t, ps in totals.items()]
    for c in range(cols):
        v[("new", c)] = v[("all", c)] + rng.randint(0, 9)
        v[("out", c)] = v[("new", c)] - v[("all", c)]
        eqs.append(equations_for("t.balance", str(c), [("new", c)], [("all", c), ("out", c)]))
    if cols > 1:
        for key in {k[:-1] for k in v}:
            ps = [key + (c,) for c in range(cols)]
            totals[key + ("T",)] = ps
            v[key + ("T",)] = sum(v[p] for p in ps)
            eqs.append(equations_for("t.row", repr(key), [key + ("T",)], ps))
    rng.shuffle(eqs)
    cells = sorted(v, key=repr)
    known = dict(v)
    for k in rng.sample(cells, rng.randint(1, 2)):
        known[k] = max(0, known[k] + rng.choice([-1, 1]) * rng.randint(1, 500))
    unknown = set(rng.sample(cells, rng.randint(0, min(6, len(cells)))))
    derived = {t: set(ps) for t, ps in totals.items() if rng.random() < 0.8}
    grown = True
    while grown:
        grown = False
        for t, ps in derived.items():
            if t not in unknown and not ps.isdisjoint(unknown):
                unknown.add(t)
                grown = True
    for u in unknown:
        known.pop(u, None)
    return eqs, known, unknown, derived


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 2))
def test_prefilter_changes_no_solution(rng, max_cells):
    # skipping candidates by shared propagation must give exactly what deducing every candidate gives
    eqs, known, unknown, derived = _form_like(rng)
    fast = locate_errors(eqs, known, unknown, max_cells=max_cells, derived=derived)
    plain = locate_errors(eqs, known, unknown, max_cells=max_cells, derived=derived, prefilter=False)
    assert fast == plain


def test_prefilter_deduces_few_candidates(monkeypatch):
    import govreport.solve.errorloc as A

    calls = {"n": 0}
    original = A.deduce

    def counting(*args):
        calls["n"] += 1
        return original(*args)

    monkeypatch.setattr(A, "deduce", counting)
    eqs, known, unknown, derived = _form_like(random.Random(30))
    results = []
    for prefilter in (False, True):
        calls["n"] = 0
        results.append(
            (A.locate_errors(eqs, known, unknown, derived=derived, prefilter=prefilter), calls["n"])
        )
    (plain, slow), (fast, quick) = results
    assert fast == plain and plain
    assert quick <= len(fast) + 1 < slow  # the base deduction plus one per solution
