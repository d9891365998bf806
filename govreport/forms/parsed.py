"""The parsed TOML of a bundled form file, cached beside the module's bytecode as Python caches a module.

Parsing both form files takes about 10 ms, a tenth of a `check` process; loading the cache well under one.
The cache holds the file's whole text and is used only while that text is unchanged. It is written only where
and when Python writes bytecode (not under PYTHONDONTWRITEBYTECODE; under PYTHONPYCACHEPREFIX there), through a
temporary file and a rename, so that a reader never sees half of it. marshal, not pickle: loading it runs no
code, and it holds only what TOML gives (dicts, lists, strings, numbers).
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable
from importlib.util import cache_from_source
from pathlib import Path

_CACHE_FORMAT = 1


def cache_file(path: Path) -> Path | None:
    """Where the parse of this form file is cached (None when this Python caches no bytecode)."""
    tag = sys.implementation.cache_tag
    if tag is None:
        return None
    try:
        folder = Path(cache_from_source(str(path))).parent
    except (NotImplementedError, ValueError):
        return None
    return folder / f"{path.name}.{tag}.marshal"


def cached_toml(path: Path, parse: Callable[[str, str], dict]) -> dict:
    """The parsed TOML of a form file: from the cache when it holds this very text, else parse(text, file name)
    (and cached)."""
    text = path.read_text(encoding="utf-8")
    cached = cache_file(path)
    if cached is not None:
        try:
            fmt, source, d = marshal.loads(cached.read_bytes())
            if fmt == _CACHE_FORMAT and source == text and isinstance(d, dict):
                return d
        except (OSError, ValueError, EOFError, TypeError):
            pass  # no cache, or a damaged one: parse
    d = parse(text, path.name)
    if cached is not None and not sys.dont_write_bytecode:
        _write(cached, _dumps((_CACHE_FORMAT, text, d)))
    return d


def _dumps(value: object) -> bytes | None:
    try:
        return marshal.dumps(value)
    except ValueError:
        return None  # a TOML date or time: not marshallable, so not cached


def _write(path: Path, data: bytes | None) -> None:
    if data is None:
        return
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only install: no cache, parsed each time as before
