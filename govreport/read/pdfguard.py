"""Bounds for reading a PDF: what a hostile file (a decompression bomb, 100,000 pages, millions of drawing
operators, deep nesting) cannot make the reader spend. Each limit is far above any real report.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import zlib
from collections.abc import Iterator

from govreport.messages import render
from govreport.read.guards import UnreadableError

MAX_PAGES = 200  # real reports have 5-30 pages
MAX_OBJECTS = 200_000  # a 7-page report has a few hundred
MAX_STREAM_BYTES = 32 * 1024 * 1024  # one embedded font, decompressed (a full CJK font is ~20 MiB)
MAX_CONTENT_BYTES = 4 * 1024 * 1024  # one content or object stream, decompressed
MAX_CONTENT_TOTAL = 32 * 1024 * 1024  # all content and object streams
MAX_INFLATED_BYTES = 128 * 1024 * 1024  # all streams but images (never decoded) together
MAX_CHARS = 500_000  # characters laid out in the whole file; a report has ~10,000
TIME_BUDGET = 60.0  # seconds of layout, checked between pages

RESAVE = render("pdf-resave")
_STREAM = re.compile(rb"(?<!end)stream\r?\n")


class _TimeUp(BaseException):
    """Raised by the timer inside pdfminer: a BaseException, so no `except Exception` on the way swallows it."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Stop the layout after `seconds` (one page of a hostile file can hold millions of drawing operators).

    A real-time signal interrupts pdfminer wherever it is; where there is none (Windows, or not the main
    thread) the budget is still checked between pages.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    armed = [True]

    def stop(signum, frame):
        if armed[0]:  # a signal already on its way when the body ended must not raise in the clean-up
            raise _TimeUp

    old = signal.signal(signal.SIGALRM, stop)
    # then every 50 ms: a signal that lands in a gc callback or a __del__ is swallowed ("Exception ignored"),
    # and the next one must still stop the layout
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.01), 0.05)
    try:
        yield
    except _TimeUp:
        raise too_slow() from None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def too_slow() -> UnreadableError:
    return UnreadableError(
        render("pdf-time-up", seconds=TIME_BUDGET, resave=RESAVE),
        "pdf-too-slow",
    )


def damaged(e: BaseException) -> UnreadableError:
    return UnreadableError(render("pdf-broken", error_type=type(e).__name__, resave=RESAVE), "pdf-damaged")


def check_streams(data: bytes) -> None:
    """Measure every stream but images before pdfminer decodes it: decompression bombs, monstrous pages.

    Content and object streams are what the layout works through (a real page has 20–200 KB); embedded fonts
    are larger but only read; images are never decoded for the layout.
    """
    total = content = 0
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 2048) : m.start()]
        cut = head.rfind(b" obj")
        head = head[cut:] if cut >= 0 else head
        if b"/Image" in head:
            continue
        font = any(k in head for k in (b"/Length1", b"/Length2", b"/Type1C", b"/CIDFontType0C", b"/OpenType"))
        end = data.find(b"endstream", m.end())
        raw = data[m.end() : end if end >= 0 else len(data)]
        limit = MAX_STREAM_BYTES if font else MAX_CONTENT_BYTES
        size = _inflated_size(raw, limit) if b"/FlateDecode" in head else len(raw)
        total += size
        content += 0 if font else size
        if size > limit or total > MAX_INFLATED_BYTES or content > MAX_CONTENT_TOTAL:
            raise UnreadableError(
                render("pdf-bomb", resave=RESAVE),
                "pdf-bomb",
            )


def _inflated_size(raw: bytes, limit: int) -> int:
    """The decompressed size of a Flate stream, or limit + 1 as soon as it passes limit."""
    d = zlib.decompressobj()
    size = 0
    try:
        chunk = d.decompress(raw, 1 << 20)
        while chunk:
            size += len(chunk)
            if size > limit:
                return limit + 1
            chunk = d.decompress(d.unconsumed_tail, 1 << 20)
    except zlib.error:
        pass  # pdfminer reads what it can of a damaged stream, as viewers do
    return size


def check_objects(doc) -> None:
    n = 0
    for xref in doc.xrefs:
        for _ in xref.get_objids():
            n += 1
            if n > MAX_OBJECTS:
                raise UnreadableError(
                    render("pdf-too-many-objects", max_objects=MAX_OBJECTS, resave=RESAVE),
                    "pdf-too-many-objects",
                )
