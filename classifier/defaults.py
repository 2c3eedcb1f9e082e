"""Defaults, defined once: names of the project's files, seeds, folds and the model's hyper-parameters.

Where those files are found (an option, the current project, or what the
package ships) is decided in `paths.py`.
"""

#: A project keeps its labelled data and its model in these folders, as this repository does.
LABELS_FOLDER = "labels"
MODELS_FOLDER = "models"
CHECK_FOLDER = "check"  # labels/check/: the held-out real-news check set, never trained on
SCHEME_FILE = "scheme.json"
KEYWORDS_FILE = "keywords.json"
MODEL_FILE = "sectors.joblib"

SEED = 13
CV_FOLDS = 5
# Cross-validation folds are fitted in parallel processes (one per core) from this many
# paragraphs on; below it, starting the processes costs more than it saves.
PARALLEL_FROM = 2000

# Features: word n-grams and character n-grams within word boundaries, on
# lower-cased, accent-folded text. Chosen by grouped cross-validation
# (see BENCHMARKS.md); the same text goes through for French and English.
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (4, 8)
# "within": every character n-gram inside a word (with its boundaries);
# "prefix": only those that start a word (stems), which cannot match the middle
# of an unrelated word ("touristique" sharing "istique" with "logistique").
CHAR_MODE = "prefix"  # chosen on selection folds (split seed 29), not the headline's: README, "Current scores"
FOLD_ACCENTS = True
TOKENIZER = "regex"
MIN_DF = 2  # min_df=1 scores a little higher but makes the model files ~14 MB (BENCHMARKS.md, Costs)
SUBLINEAR_TF = True

# Sector keywords as 15 extra features (see lexicon.py), scaled by this weight.
KEYWORDS = True
KEYWORD_WEIGHT = 0.1  # weight, C and n-grams: ablations and split check in BENCHMARKS.md

# Logistic regression, one per sector, on features weighted by naive-Bayes
# log-count ratios (NB-LR; 0 turns the weighting off). The smoothing alpha is
# added to each column's summed TF-IDF weight among positives and negatives.
NB_ALPHA = 0.03
C = 30.0
CLASS_WEIGHT = "balanced"
# Per-sector Platt scaling of the scores, fitted on out-of-fold scores and folded
# into the coefficients: balanced weights and NB weighting make raw scores overconfident.
RECALIBRATE = True

# A sector with a paragraph score at or above its threshold is tagged. Thresholds
# are tuned per sector on out-of-fold scores; this is the fallback.
THRESHOLD = 0.5
THRESHOLD_GRID = tuple(round(0.05 * i, 2) for i in range(1, 20))

#: The fewest positive paragraphs a sector needs before a model can learn it.
MIN_POSITIVES = 3

#: A retrain that would lower the out-of-fold macro-F1 by more than this needs --force.
WORSE_BY = 0.02

#: Unsure band: above a sector's threshold, tags are unsure while out-of-fold tags in that band
#: are right at most this often (about half the time, see `evaluation.unsure_bands`).
UNSURE_PRECISION = 0.6
#: Scores below this are left out of the calibration error (they decide nothing).
CALIBRATION_FROM = 0.1

#: Two labelled paragraphs whose word TF-IDF cosine exceeds this are near duplicates (`classify data check`).
NEAR_DUPLICATE = 0.85
