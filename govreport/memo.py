"""The process's memos, in one place: each a bounded dict of a pure function's results, named and registered.

A batch checks thousands of workbooks made from a few templates, so locating and reading remember what a
layout gave (keyed by what the result depends on: a layout's labels and positions, never a file's numbers).
Each memo is cleared whole when it reaches its limit: the files after that rebuild what they use. Results
never depend on what is remembered; tests/check/test_cache_independence.py checks the cases in two orders.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """A named, bounded memo (a dict, so that .get stays a C call on the hot paths)."""

    __slots__ = ("name", "limit")
    registry: list[Memo[Any, Any]] = []

    def __init__(self, name: str, limit: int) -> None:
        super().__init__()
        self.name, self.limit = name, limit
        Memo.registry.append(self)

    def put(self, key: K, value: V) -> V:
        """Remember value under key (clearing the memo first when it is full) and return it."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value

    def __repr__(self) -> str:
        return f"Memo({self.name!r}, {len(self)}/{self.limit})"


def clear_all() -> None:
    """Forget everything every memo holds (tests; a long-running host between unrelated batches)."""
    for memo in Memo.registry:
        memo.clear()


def sizes() -> dict[str, int]:
    """How many entries each memo holds, by name (for benchmarks and debugging)."""
    return {m.name: len(m) for m in Memo.registry}


class LazyPattern:
    """re.compile(pattern, flags), compiled at its first use rather than at import.

    Most of a module's patterns serve layouts a given file lacks (formulas, shared strings, error cells,
    renamed sheets): a `check` of a plain workbook would compile some thirty patterns it never uses, ~3 ms.
    The first use compiles it and keeps the compiled pattern's methods on this object, so that later calls
    cost what a compiled pattern's do.
    """

    def __init__(self, pattern: Any, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only while a name is missing: the first use
        if name.startswith("__") or name == "_args":
            raise AttributeError(name)
        compiled = re.compile(*self._args)
        for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)
