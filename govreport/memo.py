"""The process's memos, in one place: each a bounded dict of a pure function's results, named and registered.

A batch checks thousands of workbooks made from a few templates, so locating and reading remember what a
layout gave (keyed by what the result depends on: a layout's labels and positions, never a file's numbers).
Each memo is cleared whole when it reaches its limit: the files after that rebuild what they use. Results
never depend on what is remembered; tests/check/test_cache_independence.py checks the cases in two orders.
"""

from __future__ import annotations

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
