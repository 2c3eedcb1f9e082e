"""Tagging many files with several processes (joblib), results in input order as they come."""

from __future__ import annotations

from .articles import load_article
from .errors import ClassifyError
from .tagging import tag_article

#: Files per task, at least: large enough that sending the model to a worker does not dominate.
CHUNK = 64


def _tag_chunk(model, paths: list[str], explain: bool, encoding: str | None = None):
    out = []
    for path in paths:
        try:
            out.append((path, tag_article(model, load_article(path, encoding), explain=explain), None))
        except ClassifyError as err:
            out.append((path, None, str(err)))
    return out


def tag_files_parallel(
    model, paths: list[str], jobs: int, explain: bool = False, backend: str | None = None, encoding: str | None = None
):
    """Yield ``(path, ArticleTags | None, error | None)`` for each path, in order, tagging in ``jobs`` processes.

    ``backend`` is any joblib backend; with ``joblib.parallel_config(backend="dask")``
    around the call, the same code runs on a Dask cluster.
    """
    from joblib import Parallel, delayed

    # A few tasks per worker (the model travels with each task), but no fewer than CHUNK files each.
    size = max(CHUNK, -(-len(paths) // (4 * max(jobs, 1))))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    parallel = Parallel(n_jobs=jobs, backend=backend, return_as="generator")
    for chunk in parallel(delayed(_tag_chunk)(model, c, explain, encoding) for c in chunks):
        yield from chunk
