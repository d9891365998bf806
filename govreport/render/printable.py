"""Keep control characters from the workbooks and file names out of the terminal.

A cell may hold any character (Excel writes ESC as _x001B_, which the reader decodes) and a file name too;
printed as they are, "\\x1b[2J" clears the supervisor's screen and other sequences retitle or reprogram the
terminal. rich strips only BEL, BS, VT, FF and CR. The hook below replaces the rest in the text segments
rich has laid out, after layout (one character for one, so tables stay aligned) and never in rich's own
control segments (colours, the progress bar's cursor moves).
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment

# C0 controls except tab and newline, DEL and the C1 controls (CSI U+009B acts like ESC [ on some terminals)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with every control character but tab and newline shown as '?'."""
    return _CONTROL.sub("?", text)


class _Printable:
    def __init__(self, inner: RenderableType):
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for seg in console.render(self.inner, options):
            if seg.control is None and _CONTROL.search(seg.text):
                seg = Segment(printable(seg.text), seg.style)
            yield seg


class _Hook:
    """A rich RenderHook (duck-typed: rich calls process_renderables on each print)."""

    def process_renderables(self, renderables: list[Any]) -> list[Any]:
        return [_Printable(r) for r in renderables]


def guard(console: Console) -> Console:
    """Make `console` print control characters from its texts as '?'."""
    console.push_render_hook(_Hook())  # type: ignore[arg-type]
    return console
