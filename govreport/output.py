"""Writing output files safely: atomically, never over an input, never over a file unless asked."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class OutputError(Exception):
    """An output cannot be written; .message is Chinese and names the file."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when two paths name one file (also through links or case-insensitive file systems)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def check_target(path: str | os.PathLike, *, force: bool = False, protect: tuple[str | os.PathLike, ...] = ()
                 ) -> Path:
    """What write_atomic would refuse, as OutputError (said before a long check, not after); the folder."""
    path = Path(path)
    for p in protect:
        if same_file(path, p):
            raise OutputError(f"输出文件 {path} 就是输入文件，不能覆盖输入文件，请用 -o 指定另一个文件名。")
    if path.is_dir():
        raise OutputError(f"输出路径 {path} 是一个文件夹，请给出文件名。")
    if path.exists() and not force:
        raise OutputError(f"输出文件 {path} 已存在；如需覆盖请加 --force。")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"输出文件夹 {folder} 不存在，请先建立该文件夹或换一个输出路径。")
    return folder


def write_atomic(path: str | os.PathLike, write: Callable[[str], None], *, force: bool = False,
                 protect: tuple[str | os.PathLike, ...] = ()) -> None:
    """Let `write` fill a temporary file beside `path`, then rename it into place.

    A half-written file never appears under the final name; an existing file is kept unless `force`;
    a path in `protect` (the user's input) is never written, even with `force`.
    """
    path = Path(path)
    folder = check_target(path, force=force, protect=protect)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".tmp", dir=folder)
    except OSError as e:
        raise OutputError(_os_message(path, e)) from None
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as e:
        raise OutputError(_os_message(path, e)) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _os_message(path: Path, e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return f"磁盘空间不足，无法写入 {path}；未留下不完整的文件。"
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有权限写入 {path}（文件夹只读或文件被占用），请换一个位置。"
    return f"无法写入 {path}：{e.strerror or e}"
