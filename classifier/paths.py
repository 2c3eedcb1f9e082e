"""Where the model, the labels, the scheme and the keywords come from.

One rule for every command: an explicit option first; then the current
project (the working folder, or the nearest parent, that has a ``labels/``
folder with a ``scheme.json`` or a ``models/`` folder with a model); then
what the package ships (the repository's ``labels/`` and ``models/``, which
the wheel carries as ``classifier/_labels`` and ``classifier/_models``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import defaults


@dataclass(frozen=True)
class Found:
    """A path and how it was chosen: ``option``, ``project`` or ``shipped``."""

    path: Path
    origin: str

    def describe(self) -> str:
        return f"{self.path} ({self.origin})"


def shipped(folder: str) -> Path:
    """The folder the package ships (``labels`` or ``models``): inside an installed package, or the
    repository's own top-level folder when running from a checkout (editable install)."""
    inside = Path(str(resources.files("classifier"))) / f"_{folder}"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent / folder


def project_root(start: Path | None = None) -> Path | None:
    """The nearest folder, from ``start`` (the working folder) up, that holds a classify project."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        labels = folder / defaults.LABELS_FOLDER / defaults.SCHEME_FILE
        model = folder / defaults.MODELS_FOLDER / defaults.MODEL_FILE
        if labels.is_file() or model.with_suffix(".json").is_file():
            return folder
    return None


def model(option: str | Path | None = None) -> Found:
    """The model to tag or evaluate with."""
    if option is not None:
        return Found(Path(option), "option")
    root = project_root()
    if root is not None:
        own = root / defaults.MODELS_FOLDER / defaults.MODEL_FILE
        if own.with_suffix(".json").is_file():
            return Found(own, "project")
    return Found(shipped(defaults.MODELS_FOLDER) / defaults.MODEL_FILE, "shipped")


def model_output(option: str | Path | None = None) -> Found:
    """Where ``classify train`` writes: the option, else the project's ``models/`` (the working folder's
    when there is no project). Never inside an installed package."""
    if option is not None:
        return Found(Path(option), "option")
    root = project_root() or Path.cwd()
    return Found(root / defaults.MODELS_FOLDER / defaults.MODEL_FILE, "project")


def labels(option: str | Path | None = None) -> Found:
    """The labelled data to train, evaluate or check."""
    if option is not None:
        return Found(Path(option), "option")
    root = project_root()
    if root is not None and (root / defaults.LABELS_FOLDER).is_dir():
        return Found(root / defaults.LABELS_FOLDER, "project")
    return Found(shipped(defaults.LABELS_FOLDER), "shipped")


def beside(data: str | Path, name: str) -> Path:
    """A file that goes with labelled data (``scheme.json``, ``keywords.json``): the data folder's own
    if it has one, else the project's, else the shipped one."""
    data = Path(data)
    folder = data if data.is_dir() else data.parent
    for candidate in (folder, folder.parent if folder.name == defaults.CHECK_FOLDER else None):
        if candidate is not None and (candidate / name).is_file():
            return candidate / name
    root = project_root()
    if root is not None and (root / defaults.LABELS_FOLDER / name).is_file():
        return root / defaults.LABELS_FOLDER / name
    return shipped(defaults.LABELS_FOLDER) / name


def scheme_file() -> Path:
    return beside(labels().path, defaults.SCHEME_FILE)


def keywords_file() -> Path:
    return beside(labels().path, defaults.KEYWORDS_FILE)
