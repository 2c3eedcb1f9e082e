"""Writing files so that a crash or a kill never leaves a half-written one."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import tempfile
from pathlib import Path


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@contextlib.contextmanager
def staged(path: Path):
    """Yield a temporary path beside ``path``; the caller writes it, and `commit` moves it in place.

    If the block raises, the temporary file is removed and ``path`` is untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual permissions
    tmp_path = Path(tmp)
    try:
        yield tmp_path
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def commit(tmp: Path, path: Path) -> None:
    """Flush ``tmp`` to disk and rename it over ``path`` (atomic on POSIX)."""
    commit_all([(tmp, path)])


#: Set in tests only: the path of a file to create once every temporary file is written, after
#: which the process waits to be killed, so that a test can kill a save in the middle of writing.
PAUSE_ENV = "CLASSIFY_PAUSE_BEFORE_COMMIT"


def commit_all(pairs: list[tuple[Path, Path]], keep: list[tuple[Path, Path]] = ()) -> None:
    """Flush every temporary file, then rename them all in place, in order.

    ``keep`` first moves files being replaced aside (old name -> kept name).
    The renames run back to back with Ctrl-C and SIGTERM held off, so that an
    interruption cannot leave a mix of old and new files.
    """
    for tmp, _ in pairs:
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
    pause = os.environ.get(PAUSE_ENV)
    if pause:
        Path(pause).write_text(" ".join(str(t) for t, _ in pairs), encoding="utf-8")
        import time

        time.sleep(60)
    held = {signal.SIGINT, signal.SIGTERM}
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        for old, kept in keep:
            os.replace(old, kept)
        for tmp, path in pairs:
            os.replace(tmp, path)
        fsync_dirs({path.parent for _, path in pairs})
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def fsync_dirs(folders) -> None:
    """Make renames into these folders durable (the directory entries, not only the files' content)."""
    for folder in folders:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def write_text_atomic(path: Path, text: str) -> None:
    with staged(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
        commit(tmp, path)
