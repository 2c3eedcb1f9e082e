"""The model's configuration: every choice that shapes it, with its defaults, recorded in the manifest.

Kept free of scikit-learn so that reading a manifest (tagging) never imports it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from . import defaults
from .errors import ClassifyError


@dataclass(frozen=True)
class ModelConfig:
    tokenizer: str = defaults.TOKENIZER
    fold_accents: bool = defaults.FOLD_ACCENTS
    word_ngrams: tuple[int, int] = defaults.WORD_NGRAMS
    char_ngrams: tuple[int, int] = defaults.CHAR_NGRAMS
    char_mode: str = defaults.CHAR_MODE
    min_df: int = defaults.MIN_DF
    sublinear_tf: bool = defaults.SUBLINEAR_TF
    keywords: bool = defaults.KEYWORDS
    keyword_weight: float = defaults.KEYWORD_WEIGHT
    C: float = defaults.C
    nb_alpha: float = defaults.NB_ALPHA
    class_weight: str | None = defaults.CLASS_WEIGHT
    recalibrate: bool = defaults.RECALIBRATE
    seed: int = defaults.SEED

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict, where: str = "config") -> "ModelConfig":
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ClassifyError(f"{where}: unknown configuration keys {unknown}; retrain with `classify train`")
        values = dict(data)
        for key in ("word_ngrams", "char_ngrams"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)
