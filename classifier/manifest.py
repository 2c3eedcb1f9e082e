"""The model's manifest: what travels with a model (scheme, thresholds, data, scores, versions, file digests).

Read and checked in one place, into typed data; written as ``NAME.json`` beside the model's arrays.
"""

from __future__ import annotations

import json
import platform
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from .config import ModelConfig
from .errors import ClassifyError
from .scheme import Scheme

FORMAT = 1


@dataclass(frozen=True)
class DataSummary:
    """What the model was trained on."""

    digest: str
    n_paragraphs: int
    n_articles: int
    files: tuple[str, ...] = ()
    per_sector: dict = field(default_factory=dict)
    per_lang: dict = field(default_factory=dict)
    keywords_digest: str | None = None
    text_keys: tuple[str, ...] = ()  # `labels.text_key` of every training paragraph, to spot a test on training data


@dataclass(frozen=True)
class Manifest:
    scheme: Scheme
    thresholds: tuple[float, ...]  # per sector, in scheme order: a score at or above it is a tag
    sure_from: tuple[float, ...]  # per sector: a tag scored below this is unsure (the band above the threshold)
    config: ModelConfig
    data: DataSummary
    cv_metrics: dict | None  # `evaluation.Scores.to_dict()` of the out-of-fold scores
    versions: dict
    created: str
    files: dict = field(default_factory=dict)  # file name -> SHA-256
    calibration: dict | None = None  # out-of-fold calibration, see `evaluation.calibration`
    exported_from: str | None = None

    @property
    def digest(self) -> str:
        """A short id of the model: the start of its arrays' SHA-256 (the same model, the same id)."""
        npz = next((h for name, h in self.files.items() if name.endswith(".npz")), "")
        return npz[:12] or "unsaved"

    @property
    def date(self) -> str:
        return self.created[:10]

    @property
    def macro_f1(self) -> float | None:
        return None if not self.cv_metrics else self.cv_metrics.get("macro_f1")

    def describe(self) -> str:
        score = f", out-of-fold macro-F1 {self.macro_f1:.3f}" if self.macro_f1 is not None else ""
        return f"model {self.digest} of {self.date}, {self.data.n_paragraphs} paragraphs{score}"

    def with_files(self, files: dict, **changes) -> "Manifest":
        return replace(self, files=dict(files), **changes)

    def to_dict(self) -> dict:
        d = {
            "format": FORMAT,
            "created": self.created,
            "scheme": self.scheme.to_dict(),
            "scheme_digest": self.scheme.digest(),
            "thresholds": dict(zip(self.scheme.ids, self.thresholds)),
            "sure_from": dict(zip(self.scheme.ids, self.sure_from)),
            "config": self.config.to_dict(),
            # one string, not a list: the manifest stays short to read
            "data": asdict(self.data) | {"files": list(self.data.files), "text_keys": " ".join(self.data.text_keys)},
            "cv_metrics": self.cv_metrics,
            "calibration": self.calibration,
            "versions": self.versions,
            "files": self.files,
        }
        if self.exported_from:
            d["exported_from"] = self.exported_from
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, d: dict, where: str) -> "Manifest":
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise ClassifyError(f"{where}: not a classify model manifest (format {FORMAT}); run `classify train`")
        try:
            scheme = Scheme.from_dict(d["scheme"], where=where)
            thresholds = tuple(float(d["thresholds"][s]) for s in scheme.ids)
            sure = d.get("sure_from") or {}
            sure_from = tuple(float(sure.get(s, t)) for s, t in zip(scheme.ids, thresholds))
            data = dict(d["data"])
            data["files"] = tuple(data.get("files", ()))
            keys = data.get("text_keys", "")
            data["text_keys"] = tuple(keys.split() if isinstance(keys, str) else keys)
            return cls(
                scheme=scheme,
                thresholds=thresholds,
                sure_from=sure_from,
                config=ModelConfig.from_dict(d.get("config", {}), where=where),
                data=DataSummary(**data),
                cv_metrics=d.get("cv_metrics"),
                versions=dict(d.get("versions", {})),
                created=str(d["created"]),
                files=dict(d.get("files", {})),
                calibration=d.get("calibration"),
                exported_from=d.get("exported_from"),
            )
        except ClassifyError:
            raise
        except (KeyError, TypeError, ValueError) as err:
            raise ClassifyError(f"{where}: model manifest lacks or garbles {err}; run `classify train`") from None


def read(json_path: Path) -> Manifest:
    try:
        d = json.loads(json_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClassifyError(f"{json_path}: no model manifest here") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ClassifyError(f"{json_path}: unreadable model manifest ({err})") from None
    return Manifest.from_dict(d, str(json_path))


def versions() -> dict:
    """Versions that decide whether a saved model can be read back."""
    import importlib.metadata as md

    from . import __version__

    out = {"python": platform.python_version(), "classify": __version__}
    for name in ("scikit-learn", "numpy", "joblib", "scipy"):
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            out[name] = None
    return out


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
