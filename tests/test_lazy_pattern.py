"""memo.LazyPattern: compiled at first use, then the same answers as the compiled pattern."""

from __future__ import annotations

import re

from govreport.memo import LazyPattern


def test_lazy_pattern_answers_as_compiled():
    lazy, compiled = LazyPattern(r"(\d+)件", re.I), re.compile(r"(\d+)件", re.I)
    assert "search" not in vars(lazy)  # nothing compiled yet
    text = "收到12件，办结10件"
    assert lazy.search(text).group(1) == compiled.search(text).group(1)
    assert "search" in vars(lazy)  # the compiled pattern's methods, kept
    assert lazy.findall(text) == compiled.findall(text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub("N", text) == compiled.sub("N", text)
    assert lazy.split(text) == compiled.split(text)
    assert lazy.match(text) is None and lazy.fullmatch("3件") is not None
    assert lazy.pattern == compiled.pattern and lazy.flags == compiled.flags
