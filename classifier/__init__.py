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


__all__ = ["ClassifyError", "load", "__version__"]
