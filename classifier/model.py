"""The trained model: its scorer, its pipeline, its scheme, thresholds and manifest.

A model on disk is three files side by side:

- ``NAME.joblib``: the scikit-learn ``Pipeline`` (for notebooks and further work);
- ``NAME.npz``: the same model as plain arrays, what tagging uses (fast, no code on load);
- ``NAME.json``: the manifest, which names the scheme, the thresholds, the training
  data's digest, scores and library versions, and the SHA-256 of the other two.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from . import __version__, defaults
from .errors import ClassifyError
from .scheme import Scheme
from .scorer import LinearScorer
from .storage import commit_all, sha256, staged

MANIFEST_FORMAT = 1


def model_files(path: str | Path) -> tuple[Path, Path, Path]:
    """The (pipeline, scorer, manifest) paths of the model named by ``path`` (any of the three)."""
    path = Path(path)
    if path.suffix in (".joblib", ".npz", ".json"):
        path = path.with_suffix("")
    return path.with_suffix(".joblib"), path.with_suffix(".npz"), path.with_suffix(".json")


@dataclass
class SectorModel:
    """A trained multi-label sector model.

    ``predict_proba`` and ``predict`` score paragraphs; ``tag`` tags a whole
    article; ``pipeline`` is the scikit-learn pipeline, loaded on first use.
    """

    scheme: Scheme
    thresholds: np.ndarray
    scorer: LinearScorer
    manifest: dict = field(default_factory=dict)
    path: Path | None = None
    _pipeline: object = None

    @property
    def sectors(self) -> tuple[str, ...]:
        return self.scheme.ids

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

        A caption, byline, photo credit or ``>>`` link scores 0 everywhere: the
        guide gives such lines no sector, and `tag` sets them aside.
        """
        from .articles import set_aside_mask

        texts = _as_texts(texts)
        proba = self.scorer.predict_proba(texts)
        proba[set_aside_mask(texts)] = 0.0
        return proba

    def predict(self, texts) -> list[list[str]]:
        """Each paragraph's sectors: those whose score reaches the sector's threshold."""
        proba = self.predict_proba(texts)
        return [[s for s, hit in zip(self.sectors, row) if hit] for row in proba >= self.thresholds]

    def tag(self, article, path: str | None = None, explain: bool = False):
        """Tag an article (its raw text or an `Article`): its sectors, and each paragraph's."""
        from .articles import Article, split_article
        from .tagging import tag_article

        if not isinstance(article, Article):
            article = split_article(article, path=path)
        return tag_article(self, article, explain=explain)

    def predict_frame(self, texts):
        """A pandas DataFrame: one row per paragraph, its text, sectors and one score column per sector."""
        from .frames import predictions_frame

        return predictions_frame(self, _as_texts(texts))

    def save(self, path: str | Path, pipeline, manifest: dict) -> dict:
        """Write the three files atomically; return the manifest as written.

        Everything is written to temporary files first; the old model is
        replaced only once all three are complete.
        """
        import joblib

        jl_path, npz_path, json_path = model_files(path)
        with staged(jl_path) as jl_tmp, staged(npz_path) as npz_tmp, staged(json_path) as json_tmp:
            joblib.dump(pipeline, jl_tmp, compress=3)
            self.scorer.save(npz_tmp)
            manifest = dict(manifest)
            manifest["files"] = {
                jl_path.name: sha256(jl_tmp),
                npz_path.name: sha256(npz_tmp),
            }
            json_tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            commit_all([(npz_tmp, npz_path), (jl_tmp, jl_path), (json_tmp, json_path)])
        self.manifest, self.path = manifest, jl_path
        return manifest


def _as_texts(texts) -> list[str]:
    if isinstance(texts, str):
        raise ClassifyError("expected a list of paragraphs, got a single string (wrap it in a list)")
    texts = list(texts)
    for t in texts:
        if not isinstance(t, str):
            raise ClassifyError(f"expected paragraphs as strings, found {type(t).__name__}")
    return texts


def versions() -> dict:
    """Versions that decide whether a saved model can be read back."""
    import importlib.metadata as md

    out = {"python": platform.python_version(), "classify": __version__}
    for name in ("scikit-learn", "numpy", "joblib", "scipy"):
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            out[name] = None
    return out


def build_manifest(scheme: Scheme, thresholds, config: dict, data: dict, metrics: dict | None) -> dict:
    return {
        "format": MANIFEST_FORMAT,
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "scheme": scheme.to_dict(),
        "scheme_digest": scheme.digest(),
        "thresholds": {s: float(t) for s, t in zip(scheme.ids, thresholds)},
        "config": config,
        "data": data,
        "cv_metrics": metrics,
        "versions": versions(),
    }


def read_manifest(json_path: Path) -> dict:
    try:
        manifest = json.loads(json_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClassifyError(f"{json_path}: no model manifest here; run `classify train` first") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ClassifyError(f"{json_path}: unreadable model manifest ({err}); run `classify train`") from None
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise ClassifyError(f"{json_path}: not a classify model manifest (format {MANIFEST_FORMAT}); run `classify train`")
    return manifest


def _check_file(path: Path, manifest: dict) -> None:
    expected = manifest.get("files", {}).get(path.name)
    if not path.exists():
        raise ClassifyError(f"{path}: model file missing; run `classify train`")
    if expected is None or sha256(path) != expected:
        raise ClassifyError(
            f"{path}: does not match its manifest (altered, truncated or from another run); "
            "run `classify train` or copy the model's files together"
        )


def load(path: str | Path | None = None, scheme: Scheme | None = None) -> SectorModel:
    """Load a saved model (the shipped one by default) for tagging.

    Only the manifest and the array file are read: fast, and no code runs. If
    ``scheme`` is given, a model trained with another scheme is refused.
    """
    jl_path, npz_path, json_path = model_files(path or defaults.MODEL_PATH)
    if not json_path.exists() and not jl_path.exists():
        raise ClassifyError(f"no model at {jl_path}; run `classify train` first")
    manifest = read_manifest(json_path)
    _check_file(npz_path, manifest)
    try:
        model_scheme = Scheme.from_dict(manifest["scheme"], where=str(json_path))
        thresholds = np.array([float(manifest["thresholds"][s]) for s in model_scheme.ids])
    except (KeyError, TypeError, ValueError) as err:
        raise ClassifyError(f"{json_path}: manifest lacks thresholds for {err}; run `classify train`") from None
    if scheme is not None and scheme.ids != model_scheme.ids:
        raise ClassifyError(
            f"{jl_path}: model was trained with another sector scheme "
            f"({', '.join(model_scheme.ids)}); retrain it with `classify train`"
        )
    scorer = LinearScorer.load(npz_path)
    if scorer.coef.shape[1] != len(model_scheme):
        raise ClassifyError(f"{npz_path}: scorer has {scorer.coef.shape[1]} sectors, manifest {len(model_scheme)}")
    return SectorModel(scheme=model_scheme, thresholds=thresholds, scorer=scorer, manifest=manifest, path=jl_path)


def _load_pipeline(jl_path: Path, manifest: dict):
    """Unpickle the pipeline after checking its digest and the scikit-learn version it was saved with."""
    if jl_path.name not in manifest.get("files", {}):
        raise ClassifyError(
            f"{jl_path.with_suffix('')}: this model was exported without its scikit-learn pipeline "
            "(a safe export); tagging and scoring work, `model.pipeline` needs the original .joblib"
        )
    _check_file(jl_path, manifest)
    import joblib
    import sklearn

    saved = manifest.get("versions", {}).get("scikit-learn")
    if saved and saved.split(".")[:2] != sklearn.__version__.split(".")[:2]:
        raise ClassifyError(
            f"{jl_path}: saved with scikit-learn {saved}, this is {sklearn.__version__}; "
            f"install scikit-learn=={saved} or retrain with `classify train`"
        )
    return joblib.load(jl_path)


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
    manifest = dict(model.manifest)
    manifest["files"] = {out_npz.name: manifest["files"][npz_path.name]}
    manifest["exported_from"] = str(model.path)
    with staged(out_npz) as npz_tmp, staged(out_json) as json_tmp:
        npz_tmp.write_bytes(npz_path.read_bytes())
        json_tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        commit_all([(npz_tmp, out_npz), (json_tmp, out_json)])
    return out_json
