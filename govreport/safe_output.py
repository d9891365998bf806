"""Writing output files safely: atomically, never over an input, never over a file unless asked."""

from __future__ import annotations

import errno
import gc
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from govreport.messages import render


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


def check_target(
    path: str | os.PathLike, *, force: bool = False, protect: tuple[str | os.PathLike, ...] = ()
) -> Path:
    """What write_atomic would refuse, as OutputError (said before a long check, not after); the folder."""
    path = Path(path)
    for p in protect:
        if same_file(path, p):
            raise OutputError(render("fill-output-is-input", out=path))
    st = _stat(path)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(render("output-is-folder", path=path))
    if st is not None and not stat.S_ISREG(st.st_mode):
        # a pipe or device named like a workbook: renaming over it would replace the node itself, with --force too
        raise OutputError(render("output-not-regular", path=path))
    if st is not None and not force:
        raise OutputError(render("output-exists", path=path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(render("output-no-folder", folder=folder))
    return folder


def _stat(path: Path) -> os.stat_result | None:
    """The output's stat, None when there is none yet; a name the system refuses (too long) is an OutputError."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as e:  # Path.exists/is_dir raise on a name over 255 bytes: a traceback for the user
        raise OutputError(_os_message(path, e)) from None


def _mode(path: Path) -> int:
    """The mode a new file gets from the user's umask (mkstemp's files are 0600: colleagues could not open
    the copy or summary in a shared folder); an existing file replaced with --force keeps its own."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mask = os.umask(0o022)  # read and put back: there is no other portable way to learn it
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(
    path: str | os.PathLike,
    write: Callable[[str], None],
    *,
    force: bool = False,
    protect: tuple[str | os.PathLike, ...] = (),
) -> None:
    """Let `write` fill a temporary file beside `path`, then rename it into place.

    A half-written file never appears under the final name; an existing file is kept unless `force`;
    a path in `protect` (the user's input) is never written, even with `force`.
    """
    import tempfile  # deferred: `check` writes no file and need not load tempfile (and random, shutil)

    path = Path(path)
    folder = check_target(path, force=force, protect=protect)
    try:
        # a short temporary name: the name plus a prefix could pass the 255-byte limit the final name keeps
        fd, tmp = tempfile.mkstemp(prefix=".govreport-", suffix=path.suffix + ".tmp", dir=folder)
    except OSError as e:
        raise OutputError(_os_message(path, e)) from None
    os.close(fd)
    error = None
    try:
        write(tmp)
        os.chmod(tmp, _mode(path))
        os.replace(tmp, path)
    except OSError as e:
        error = OutputError(_os_message(path, e))
        _release(e)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    if error is not None:
        raise error  # outside the except: no link to the OSError and what its frames held


def _release(e: BaseException) -> None:
    """Close what a failed write left open, quietly.

    On a full disk openpyxl's zip file (and its write-only row generators) stay referenced by the failed
    frames; collected at exit they fail to flush again and Python prints "Exception ignored … Traceback"
    under our Chinese message. Clearing the frames here closes them now, with that noise switched off.
    """
    import traceback  # deferred: loaded only after a failed write

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        traceback.clear_frames(e.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _os_message(path: Path, e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return render("output-disk-full", path=path)
    if e.errno in (errno.EDQUOT, errno.EFBIG):  # a shared server's quota, a limit on file size
        return render("output-quota", path=path)
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return render("output-no-permission", path=path)
    if e.errno == errno.ENAMETOOLONG:
        return render("output-name-too-long", n_bytes=len(os.fsencode(path.name)), path=path)
    if e.errno == errno.ELOOP:
        return render("output-symlink-loop", path=path)
    return render("output-failed", path=path, error=e.strerror or e)
