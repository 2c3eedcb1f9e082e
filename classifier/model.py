"""The trained model: its scorer, its pipeline, and its manifest.

A model on disk is three files side by side:

- ``NAME.joblib``: the scikit-learn ``Pipeline`` (for notebooks and further work);
- ``NAME.npz``: the same model as plain arrays, what tagging uses (fast, no code on load);
- ``NAME.json``: the manifest (`manifest.Manifest`), with the SHA-256 of the other two.

Saving a model over another keeps the one it replaces as ``NAME.previous.*``,
so a retrain can always be undone (`restore`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import manifest as manifests
from .errors import ClassifyError
from .manifest import Manifest
from .scorer import LinearScorer
from .storage import commit_all, sha256, staged

#: How many training paragraphs the save-time parity check scores with both scorer and pipeline.
PARITY_SAMPLE = 400


def model_files(path: str | Path) -> tuple[Path, Path, Path]:
    """The (pipeline, scorer, manifest) paths of the model named by ``path`` (any of the three, or the bare name)."""
    path = Path(path)
    if path.suffix in (".joblib", ".npz", ".json"):
        path = path.with_suffix("")
    return tuple(path.with_name(path.name + ext) for ext in (".joblib", ".npz", ".json"))


def previous_files(path: str | Path) -> tuple[Path, Path, Path]:
    """Where the model that ``path`` replaced is kept."""
    jl, _, _ = model_files(path)
    return model_files(jl.with_name(f"{jl.stem}.previous"))


@dataclass
class SectorModel:
    """A trained multi-label sector model.

    ``predict_proba`` and ``predict`` score paragraphs; ``tag`` tags a whole
    article; ``pipeline`` is the scikit-learn pipeline, loaded on first use.
    """

    manifest: Manifest
    scorer: LinearScorer
    path: Path | None = None
    _pipeline: object = None

    def __post_init__(self):
        self.thresholds = np.asarray(self.manifest.thresholds, dtype=np.float64)
        self.sure_from = np.maximum(np.asarray(self.manifest.sure_from, dtype=np.float64), self.thresholds)

    @property
    def scheme(self):
        return self.manifest.scheme

    @property
    def sectors(self) -> tuple[str, ...]:
        return self.scheme.ids

    @property
    def digest(self) -> str:
        return self.manifest.digest

    @property
    def date(self) -> str:
        return self.manifest.date

    @property
    def pipeline(self):
        """The fitted scikit-learn ``Pipeline`` (imports scikit-learn on first use)."""
        if self._pipeline is None:
            if self.path is None:
                raise ClassifyError("this model has no pipeline file")
            self._pipeline = _load_pipeline(self.path, self.manifest)
        return self._pipeline

    def predict_proba(self, texts) -> np.ndarray:
        """Scores in [0, 1], one row per paragraph and one column per sector (in ``sectors`` order).

        Exactly what ``pipeline.predict_proba`` computes: a caption, byline,
        photo credit or ``>>`` link scores 0 everywhere in both.
        """
        return self.scorer.predict_proba(_as_texts(texts))

    def predict(self, texts) -> list[list[str]]:
        """Each paragraph's sectors: those whose score reaches the sector's threshold."""
        proba = self.predict_proba(texts)
        return [[s for s, hit in zip(self.sectors, row) if hit] for row in proba >= self.thresholds]

    def tag(self, article, explain: bool = False):
        """Tag one article: an `Article`, or its raw text. To tag files, use `tag_sources` (``classify tag``)."""
        from .articles import Article, split_article
        from .tagging import tag_article

        if not isinstance(article, Article):
            if not isinstance(article, str):
                raise ClassifyError(
                    f"expected an article's text or an Article, got {type(article).__name__}; "
                    "for files use classifier.tag_paths([...])"
                )
            if "\n" not in article and len(article) < 4096 and _looks_like_a_path(article):
                raise ClassifyError(
                    f"{article!r} looks like a file name, not an article's text; "
                    "tag files with classifier.tag_paths([path]) or pass the text itself"
                )
            article = split_article(article)
        return tag_article(self, article, explain=explain)

    def predict_frame(self, texts):
        """A pandas DataFrame: one row per paragraph, its text, sectors and one score column per sector."""
        from .frames import predictions_frame

        return predictions_frame(self, _as_texts(texts))

    def save(self, path: str | Path, pipeline, parity_texts=()) -> Manifest:
        """Write the three files atomically, keeping the model they replace as ``NAME.previous.*``.

        The scorer is first checked against the pipeline on ``parity_texts``;
        everything is written to temporary files, and the old model is replaced
        only once all three are complete.
        """
        import joblib

        from .scorer import check_parity

        check_parity(self.scorer, pipeline, list(parity_texts)[:PARITY_SAMPLE])
        jl_path, npz_path, json_path = model_files(path)
        with staged(jl_path) as jl_tmp, staged(npz_path) as npz_tmp, staged(json_path) as json_tmp:
            joblib.dump(pipeline, jl_tmp, compress=3)
            self.scorer.save(npz_tmp)
            manifest = self.manifest.with_files({jl_path.name: sha256(jl_tmp), npz_path.name: sha256(npz_tmp)})
            json_tmp.write_text(manifest.to_json(), encoding="utf-8")
            moves = []
            if json_path.exists():
                for old, kept in zip(model_files(path), previous_files(path)):
                    if old.exists():
                        moves.append((old, kept))
            commit_all([(npz_tmp, npz_path), (jl_tmp, jl_path), (json_tmp, json_path)], keep=moves)
        self.manifest, self.path = manifest, jl_path
        return manifest


def _looks_like_a_path(text: str) -> bool:
    text = text.strip()
    return bool(text) and " " not in text and (Path(text).suffix.lower() in {".txt", ".html", ".htm", ".jsonl", ".json", ".csv", ".pdf", ".docx"} or Path(text).exists())


def _as_texts(texts) -> list[str]:
    if isinstance(texts, str):
        raise ClassifyError("expected a list of paragraphs, got a single string (wrap it in a list)")
    texts = list(texts)
    for t in texts:
        if not isinstance(t, str):
            raise ClassifyError(f"expected paragraphs as strings, found {type(t).__name__}")
    return texts


def _check_file(path: Path, manifest: Manifest) -> None:
    # by kind, not by name: a model keeps working when its three files are renamed together
    expected = next((h for name, h in manifest.files.items() if name.endswith(path.suffix)), None)
    if not path.exists():
        raise ClassifyError(f"{path}: model file missing; copy the model's files together or run `classify train`")
    if expected is None or sha256(path) != expected:
        raise ClassifyError(
            f"{path}: does not match its manifest (altered, truncated or from another run); "
            "copy the model's files together, `classify train --restore`, or run `classify train`"
        )


def load(path: str | Path | None = None, scheme=None) -> SectorModel:
    """Load a saved model for tagging: ``path``, else the current project's, else the shipped one.

    Only the manifest and the array file are read: fast, and no code runs. If
    ``scheme`` is given, a model trained with another scheme is refused.
    """
    from . import paths

    found = paths.model(path)
    jl_path, npz_path, json_path = model_files(found.path)
    if not json_path.exists():
        if found.origin == "option":
            raise ClassifyError(f"no model at {found.path}: expected {json_path.name} and {npz_path.name} there")
        raise ClassifyError(f"no model at {jl_path}; run `classify train` first")
    manifest = manifests.read(json_path)
    _check_file(npz_path, manifest)
    if scheme is not None and scheme.ids != manifest.scheme.ids:
        raise ClassifyError(
            f"{jl_path}: model was trained with another sector scheme "
            f"({', '.join(manifest.scheme.ids)}); retrain it with `classify train`"
        )
    scorer = LinearScorer.load(npz_path)
    if scorer.coef.shape[1] != len(manifest.scheme):
        raise ClassifyError(f"{npz_path}: scorer has {scorer.coef.shape[1]} sectors, manifest {len(manifest.scheme)}")
    return SectorModel(manifest=manifest, scorer=scorer, path=jl_path)


def _load_pipeline(jl_path: Path, manifest: Manifest):
    """Unpickle the pipeline after checking its digest and the scikit-learn version it was saved with."""
    if not any(name.endswith(".joblib") for name in manifest.files):
        raise ClassifyError(
            f"{jl_path.with_suffix('')}: this model was exported without its scikit-learn pipeline "
            "(a safe export); tagging and scoring work, `model.pipeline` needs the original .joblib"
        )
    _check_file(jl_path, manifest)
    import joblib
    import sklearn

    saved = manifest.versions.get("scikit-learn")
    if saved and saved.split(".")[:2] != sklearn.__version__.split(".")[:2]:
        raise ClassifyError(
            f"{jl_path}: saved with scikit-learn {saved}, this is {sklearn.__version__}; "
            f"install scikit-learn=={saved} or retrain with `classify train`"
        )
    return joblib.load(jl_path)


def restore(path: str | Path) -> Manifest:
    """Bring back the model that the last save to ``path`` replaced; the current one becomes the kept one."""
    current, kept = model_files(path), previous_files(path)
    if not kept[2].exists():
        raise ClassifyError(f"no previous model kept beside {current[0]}: nothing to restore")
    restored = manifests.read(kept[2])
    with staged(current[0]) as a, staged(current[1]) as b, staged(current[2]) as c:
        temps = (a, b, c)
        for old, tmp in zip(current, temps):
            if old.exists():
                tmp.write_bytes(old.read_bytes())
        # the kept files move in; the current ones (copied to temps) become the kept ones
        commit_all(
            [(k, cur) for k, cur in zip(kept, current) if k.exists()]
            + [(tmp, k) for tmp, k, old in zip(temps, kept, current) if old.exists()]
        )
        for tmp in temps:
            tmp.unlink(missing_ok=True)  # the temporary copy of a file the current model lacked
    return restored


def export(path: str | Path | None, out: str | Path) -> Path:
    """Copy a model's arrays and manifest, without the pickle, into a bundle that is safe to share.

    The bundle loads with ``classifier.load(out)``: tagging and scoring work and
    no code runs on load; only ``model.pipeline`` is unavailable.
    """
    model = load(path)
    _, npz_path, _ = model_files(model.path)
    _, out_npz, out_json = model_files(out)
    if out_npz.resolve() == npz_path.resolve():
        raise ClassifyError(f"{out}: export to another name than the model itself", exit_code=2)
    npz_digest = next(h for name, h in model.manifest.files.items() if name.endswith(".npz"))
    manifest = model.manifest.with_files({out_npz.name: npz_digest}, exported_from=str(model.path))
    with staged(out_npz) as npz_tmp, staged(out_json) as json_tmp:
        npz_tmp.write_bytes(npz_path.read_bytes())
        json_tmp.write_text(manifest.to_json(), encoding="utf-8")
        commit_all([(npz_tmp, out_npz), (json_tmp, out_json)])
    return out_json
