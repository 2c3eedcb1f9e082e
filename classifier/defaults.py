"""Defaults, defined once: paths, seeds, folds and the model's hyper-parameters."""

from pathlib import Path

#: The repository root: the shipped model and labels live beside the package.
ROOT = Path(__file__).resolve().parent.parent
LABELS_DIR = ROOT / "labels"
SCHEME_PATH = LABELS_DIR / "scheme.json"
KEYWORDS_PATH = LABELS_DIR / "keywords.json"
MODEL_PATH = ROOT / "models" / "sectors.joblib"

SEED = 13
CV_FOLDS = 5

# Features: word n-grams and character n-grams within word boundaries, on
# lower-cased, accent-folded text. Chosen by grouped cross-validation
# (see BENCHMARKS.md); the same text goes through for French and English.
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (3, 6)
FOLD_ACCENTS = True
TOKENIZER = "regex"
MIN_DF = 2  # min_df=1 scores a little higher but makes the model files ~14 MB (BENCHMARKS.md, Costs)
SUBLINEAR_TF = True

# Sector keywords as 15 extra features (see lexicon.py), scaled by this weight.
KEYWORDS = True
KEYWORD_WEIGHT = 0.1  # weight, C and n-grams: ablations and split check in BENCHMARKS.md

# Logistic regression, one per sector.
C = 30.0
CLASS_WEIGHT = "balanced"

# A sector with a paragraph score at or above its threshold is tagged. Thresholds
# are tuned per sector on out-of-fold scores; this is the fallback.
THRESHOLD = 0.5
THRESHOLD_GRID = tuple(round(0.05 * i, 2) for i in range(1, 20))

#: The fewest positive paragraphs a sector needs before a model can learn it.
MIN_POSITIVES = 3
