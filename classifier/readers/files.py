"""Opening input files with the checks every reader needs, each failure one line naming the file."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from ..articles import MAX_BYTES, check_file, os_errors
from ..errors import ClassifyError


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The whole file, for formats that cannot be read in pieces (HTML, Word, PDF), up to ``limit``."""
    size = check_file(path)
    if size > limit:
        raise ClassifyError(f"{path}: file is {size // 2**20} MB, more than the {limit // 2**20} MB limit")
    if size == 0:
        raise ClassifyError(f"{path}: file is empty")
    with opened(path) as f:
        return f.read()


@contextmanager
def opened(path: Path):
    """The file opened for binary reading, with OS errors as `ClassifyError`."""
    check_file(path)
    with os_errors(path):
        f = open(path, "rb")
    with f:
        yield f


def missing_extra(path: Path, what: str, extra: str | None, package: str) -> ClassifyError:
    """The error for a format whose dependency is not installed: which package, and the command that installs it."""
    if extra is None:
        return ClassifyError(f"{path}: reading {what} needs {package}, a dependency of classify; install it with `pip install {package}`")
    return ClassifyError(
        f"{path}: reading {what} needs the optional package {package}; install it with `pip install 'classify[{extra}]'`"
    )
