"""classify: tag news paragraphs on international cooperation with sectors.

    >>> import classifier
    >>> model = classifier.load()
    >>> model.predict(["Les deux pays renforceront leur coopération dans le pétrole et le gaz."])
    [['energy']]
"""

__version__ = "0.1.0"

from .errors import ClassifyError  # noqa: E402


def load(path=None):
    """Load a trained model: the shipped one by default, or the one at ``path``."""
    from .model import load as _load

    return _load(path)


def tag_paths(paths, model=None, jobs: int = 1, explain: bool = False, **read):
    """Tag every article in ``paths`` (files of any kind ``classify tag`` reads, folders, ``-``),
    as ``classify tag`` does; yields one `tagging.TagOutcome` per article, in order.

    ``model``: a loaded model or a path (default as `load`); ``read``: `readers.ReadOptions`
    fields (``encoding``, ``split``, ``text_field``...).
    """
    from .readers import ReadOptions
    from .tagging import tag_sources

    if model is None or not hasattr(model, "predict_proba"):
        model = load(model)
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    return tag_sources(model, [str(p) for p in paths], ReadOptions(**read), jobs=jobs, explain=explain)


__all__ = ["ClassifyError", "load", "tag_paths", "__version__"]
