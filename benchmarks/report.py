"""BENCHMARKS.md from the benchmark's results: tables, targets and a discussion drawn from the numbers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from classifier.pipeline import ModelConfig

#: Targets of issue 4 that a configuration must meet to be shipped.
TARGET_SIZE_MB = 10.0
TARGET_COLD_S = 1.0

SYSTEMS = ("ours", "fasttext", "spacy", "keywords")
PEERS = SYSTEMS[1:]


@dataclass
class Report:
    settings: object  # run.Settings
    command: str
    started: str
    data: dict
    machine: dict
    quality: dict = field(default_factory=dict)
    speed: dict = field(default_factory=dict)
    jobs: dict = field(default_factory=dict)
    ablations: list = field(default_factory=list)
    split_check: dict = field(default_factory=dict)
    seconds: float = 0.0

    def scores(self, system: str) -> dict:
        return self.quality[system]["scores"]

    def best_peer(self) -> str:
        return max(PEERS, key=lambda s: self.scores(s)["macro_f1"])


def fmt(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}"


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def lowest(scores: dict) -> tuple[str, float]:
    sector = min(scores["per_label"], key=lambda k: scores["per_label"][k]["f1"])
    return sector, scores["per_label"][sector]["f1"]


def lang(scores: dict, code: str, key: str) -> str:
    return fmt(scores["per_lang"][code][key]) if code in scores["per_lang"] else "-"


# ---------------------------------------------------------------------------
# Sections


def header(r: Report) -> list[str]:
    m, d, st = r.machine, r.data, r.settings
    return [
        "# Benchmarks",
        "",
        f"Produced by `{r.command}` on {r.started} (took {r.seconds / 60:.0f} min). Re-run it to refresh this file; "
        "raw numbers go to `benchmarks/out/` (not committed). Every table below comes from that one run.",
        "",
        f"- **Machine:** {m['cores']} cores ({m['cpu']}), Python {m['python']}, {m['platform']}",
        "- **Libraries:** " + ", ".join(f"{k} {v}" for k, v in m["libraries"].items()),
        f"- **Data:** `labels/` ({d['n_files']} files): {d['n_paragraphs']} paragraphs in {d['n_articles']} articles "
        f"({', '.join(f'{k} {v}' for k, v in d['per_lang'].items())}); digest `{d['digest'][:12]}`",
        f"- **Protocol:** grouped {st.folds}-fold cross-validation by article (`classifier.evaluation.group_folds`, "
        f"seed {st.seed}), the same splits for every system and every ablation. Per-sector thresholds are tuned on "
        f"the training folds only: ours and fastText on grouped {st.folds - 1}-fold out-of-fold scores of the training "
        "part (`out_of_fold` + `tune_thresholds`, as `classify evaluate` does); spaCy on one grouped inner holdout "
        f"(the first of {st.folds - 1} grouped folds of the training articles; a full inner cross-validation would "
        "multiply its long training time); the keyword baseline gives 0/1 scores and has nothing to tune. Every system follows "
        "the toolkit's rule for captions, bylines, photo credits and `>>` links (which the guide labels with no sector and "
        "`classify tag` sets aside): they are left out of training and score 0 (the `SetAsideClassifier` step of the pipeline). "
        "Macro-F1 is the mean over all 15 sectors.",
    ]


def systems(r: Report) -> list[str]:
    sp = r.speed
    spacy = sp["spacy"]["params"]
    return [
        "## Systems",
        "",
        f"- **ours**: `build_pipeline(ModelConfig())` = `{json.dumps(ModelConfig().to_dict())}`"
        + (" (TF-IDF features plus one keyword-match column per sector from `labels/keywords.json`)" if ModelConfig().keywords else "")
        + "; tagging uses the `.npz` scorer, as `classify tag` does.",
        f"- **fasttext**: supervised, `loss=\"ova\"` (one sigmoid per sector), `{json.dumps(sp['fasttext']['params'])}`, "
        "one thread (repeatable). Input is `classifier.text.preprocess` (lower case, folded accents, regex tokens), "
        "so it sees the same tokens as ours. A paragraph without a sector gets a pseudo-label, as fastText skips "
        "unlabelled lines. Epochs and learning rate were raised from 50/0.5 to 100/1.0 after a quick out-of-fold "
        "check on the corpus (fastText underfits a few hundred paragraphs at its usual settings).",
        f"- **spacy**: `spacy.blank(\"fr\")` + `textcat_multilabel` with its default model (an ensemble of a "
        f"bag-of-words layer and a small CNN over hashed embeddings), {spacy['epochs']} epochs, dropout "
        f"{spacy['dropout']}, compounding batches 4→32, `spacy.util.fix_random_seed({spacy['seed']})`; raw text in. "
        "Its cross-validation folds run two at a time (scores only; no timing is taken meanwhile).",
        "- **keywords**: hand-written French and English keywords per sector (`labels/keywords.json`, written for "
        "this benchmark from the sector definitions in `labels/README.md`, not tuned on the labelled paragraphs), "
        "matched alone as `classifier.lexicon` matches them: word prefixes in normalised (`classifier.text.normalise`: "
        "lower case, folded accents) tokens; a sector is tagged when any of its keywords occurs. Nothing is fitted, "
        "so it is scored on exactly the same test folds without thresholds.",
    ]


def quality(r: Report) -> list[str]:
    rows = []
    for s in SYSTEMS:
        q = r.scores(s)
        sector, f1 = lowest(q)
        rows.append(
            [
                s, fmt(q["micro_f1"]), fmt(q["macro_f1"]), f"{fmt(f1)} ({sector})",
                lang(q, "fr", "micro_f1"), lang(q, "fr", "macro_f1"), lang(q, "en", "micro_f1"), lang(q, "en", "macro_f1"),
                r.quality[s]["thresholds"],
            ]
        )
    ours = r.scores("ours")
    per_sector = [
        [k, v["support"], *(fmt(r.scores(s)["per_label"][k]["f1"]) for s in SYSTEMS)]
        for k, v in ours["per_label"].items()
    ]
    return [
        "## Quality (nested grouped cross-validation)",
        "",
        table(["system", "micro-F1", "macro-F1", "lowest sector", "fr micro", "fr macro", "en micro", "en macro", "thresholds"], rows),
        "",
        *consistency(r),
        "Per-sector F1 (support: labelled paragraphs with the sector):",
        "",
        table(["sector", "support", *SYSTEMS], per_sector),
    ]


def consistency(r: Report) -> list[str]:
    ref = r.quality["ours"].get("cross_validate")
    if not ref:
        return []
    ours = r.scores("ours")
    same = ref["macro_f1"] == ours["macro_f1"] and ref["micro_f1"] == ours["micro_f1"]
    return [
        f"Check: `classifier.evaluation.cross_validate` (what `classify evaluate` runs) gives macro-F1 "
        f"{fmt(ref['macro_f1'])} and micro-F1 {fmt(ref['micro_f1'])} on the same data: "
        + ("the same as this harness." if same else "**not** the same as this harness (see the raw JSON)."),
        "",
    ]


def speed(r: Report) -> list[str]:
    sp, st = r.speed, r.settings
    o = sp["ours"]
    rows = [
        [
            s, f"{sp[s]['train_s']:.2f}", f"{sp[s]['batch']['paragraphs_per_s']:,.0f}", f"{sp[s]['cold_tag_s']:.2f}",
            f"{sp[s]['batch']['load_s']:.2f}", f"{sp[s]['batch']['peak_rss_mb']:.0f}", f"{sp[s]['size_bytes'] / 1e6:.2f}",
        ]
        for s in SYSTEMS
    ]
    ratios = [
        [
            s,
            f"{o['batch']['paragraphs_per_s'] / sp[s]['batch']['paragraphs_per_s']:.2f}×",
            f"{o['cold_tag_s'] / sp[s]['cold_tag_s']:.2f}×",
            f"{o['train_s'] / sp[s]['train_s']:.2f}×" if sp[s]["train_s"] > 0.05 else "-",
            f"{o['batch']['peak_rss_mb'] / sp[s]['batch']['peak_rss_mb']:.2f}×",
            f"{o['size_bytes'] / sp[s]['size_bytes']:.2f}×",
        ]
        for s in PEERS
    ]
    lines = [
        "## Speed, memory and size",
        "",
        "Measured after the scoring, one process at a time. **Training**: all of `labels/` with threshold tuning, "
        f"as shipping would (ours: `classifier.training.train`, {st.folds}-fold out-of-fold scores + final fit + the "
        f"three files written), median of {st.repeats} runs (spaCy: 1). **Batch**: a fresh process loads the saved "
        f"system and scores {o['batch']['batch_size']:,} paragraphs (the corpus repeated) several times; median "
        "paragraphs/s. **Cold tag**: wall time of a fresh process tagging `seeds/tolam-mishustin.txt` and printing the "
        f"result, median of {st.cold_runs} runs after one warm-up run: ours is the `classify tag` command, each peer a "
        "Python script doing the same (`benchmarks/child.py tag`). **Peak RSS**: the batch process's high-water "
        "mark (`VmHWM`, load + tagging; `ru_maxrss` is in the raw JSON, but it keeps the size of the large benchmark "
        "process that forked the child, so it overstates small children). **Size**: every file the system saves. "
        "This is a shared 2-core VM: a run now and then is much slower than its neighbours, which the medians absorb; "
        "the seconds given for cross-validation and ablations are single runs and only indicative.",
        "",
        table(["system", "training (s)", "batch (paragraphs/s)", "cold tag (s)", "load (s)", "peak RSS (MB)", "size (MB)"], rows),
        "",
        "Ours ÷ peer, same run (above 1 means ours is larger: faster for throughput, slower for times):",
        "",
        table(["peer", "throughput", "cold tag", "training", "peak RSS", "size"], ratios),
        "",
        f"Ours on disk: {', '.join(f'`{k}` {v / 1e6:.2f} MB' for k, v in o['files'].items())}; tagging reads only the "
        f"`.npz` and `.json` ({o['tagging_size_bytes'] / 1e6:.2f} MB). Cold commands (run from the repository root): "
        + "; ".join(f"`{sp[s]['cold_command']}`" for s in SYSTEMS)
        + ".",
    ]
    if r.jobs:
        j = r.jobs
        lines += [
            "",
            f"**Processes.** `classify tag DIR --format jsonl --jobs N` on {j['files']:,} article files "
            f"({j['paragraphs']:,} paragraphs; the labelled articles written out and repeated), median of {st.repeats}:",
            "",
            table(
                ["--jobs", "wall (s)", "files/s", "paragraphs/s", "speed-up"],
                [
                    [n, f"{j[f'jobs{n}_s']:.2f}", f"{j['files'] / j[f'jobs{n}_s']:,.0f}",
                     f"{j['paragraphs'] / j[f'jobs{n}_s']:,.0f}", f"{j['jobs1_s'] / j[f'jobs{n}_s']:.2f}"]
                    for n in (1, 2)
                ],
            ),
        ]
    return lines


def targets(r: Report) -> list[tuple[str, str, bool]]:
    ours, peer = r.scores("ours"), r.best_peer()
    gap = ours["macro_f1"] - r.scores(peer)["macro_f1"]
    below = {k: v["f1"] for k, v in ours["per_label"].items() if v["f1"] < 0.70}
    o = r.speed["ours"]
    return [
        (
            f"macro-F1 ≥ best peer ({peer}, {fmt(r.scores(peer)['macro_f1'])}) + 0.03",
            f"{fmt(ours['macro_f1'])}: {gap:+.3f} against {peer}" + ("" if gap >= 0.03 else f", missed by {0.03 - gap:.3f}"),
            gap >= 0.03,
        ),
        (
            "no sector F1 below 0.70",
            f"{len(below)} of 15 below; lowest {lowest(ours)[0]} {fmt(lowest(ours)[1])}"
            + (f" (missed by {0.70 - lowest(ours)[1]:.3f})" if below else ""),
            not below,
        ),
        ("full training with threshold tuning ≤ 30 s", f"{o['train_s']:.1f} s", o["train_s"] <= 30),
        (
            "batch tagging ≥ 2,000 paragraphs/s in one process",
            f"{o['batch']['paragraphs_per_s']:,.0f} paragraphs/s",
            o["batch"]["paragraphs_per_s"] >= 2000,
        ),
        (f"cold `classify tag` of one seed ≤ {TARGET_COLD_S:.1f} s", f"{o['cold_tag_s']:.2f} s", o["cold_tag_s"] <= TARGET_COLD_S),
        (f"model files ≤ {TARGET_SIZE_MB:g} MB total", f"{o['size_bytes'] / 1e6:.2f} MB (three files)", o["size_bytes"] <= TARGET_SIZE_MB * 1e6),
        ("peak memory while tagging ≤ 300 MB", f"{o['batch']['peak_rss_mb']:.0f} MB", o["batch"]["peak_rss_mb"] <= 300),
    ]


def target_section(r: Report) -> list[str]:
    lines = ["## Targets", "", table(["target", "measured", "met"], [[a, b, "yes" if c else "**no**"] for a, b, c in targets(r)])]
    o = r.speed["ours"]
    if "cold_tag_shipped_s" in o:
        lines += ["", f"The cold tag above uses the model trained in this run; `classify tag seeds/tolam-mishustin.txt` "
                  f"with the model shipped in `models/` takes {o['cold_tag_shipped_s']:.2f} s."]
    macro_met, floor_met = (t[2] for t in targets(r)[:2])
    peer = r.best_peer()
    goal = r.scores(peer)["macro_f1"] + 0.03
    if not macro_met and r.ablations:
        best = max(r.ablations, key=lambda a: a["macro_f1"])
        lines += ["", f"Macro-F1: every ablation below was tried; the best row reaches {fmt(best['macro_f1'])}, "
                      f"{goal - best['macro_f1']:.3f} short of {fmt(goal)}."]
    if not floor_met:
        weak = sorted((v["f1"], k, v["support"]) for k, v in r.scores("ours")["per_label"].items() if v["f1"] < 0.70)
        best_floor = max((a["min_sector_f1"] for a in r.ablations), default=None)
        lines += [
            "",
            "Sectors under 0.70: " + ", ".join(f"{k} {fmt(f)} ({n} paragraphs)" for f, k, n in weak) + ". "
            "Tried: more labelled articles written for them, keywords for them drawn from the label guide's definitions, "
            "and every ablation below"
            + (f" (the best lowest-sector F1 of any row is {fmt(best_floor)})" if best_floor is not None else "")
            + ". Their paragraphs mix fields (a heritage project is also tourism and education; a climate loan is "
            "also economy and energy), and the mix-ups `classify evaluate` lists are mostly with those neighbours; "
            "more labelled paragraphs remain the lever.",
        ]
    return lines


def verdict(r: Report) -> tuple[str, str]:
    """(winning configuration, why), from the ablation table, the costs and the split check.

    The candidate is the combination of winning changes that keeps the size and
    cold-tag targets; it wins only if it beats the default on every split.
    """
    default = r.ablations[0]
    check = r.split_check.get("rows", {})
    candidate = r.split_check.get("shippable")
    everything = next((a["name"] for a in r.ablations if a["name"].startswith("combined:")), None)
    if everything is None:
        return default["name"], "no single change beat the default on macro-F1"
    if candidate is None or candidate not in check:
        return default["name"], "every change that beat the default breaks a size or cold-tag target (costs above)"
    d, c = check[default["name"]], check[candidate]
    diffs = np.subtract(c["macro_f1"], d["macro_f1"])
    wins = int((diffs > 0).sum())
    summary = (
        f"on {len(diffs)} different grouped splits, “{candidate}” scores macro-F1 {fmt(c['mean'])} ± {fmt(c['sd'])} against "
        f"{fmt(d['mean'])} ± {fmt(d['sd'])} for the default (better on {wins} of {len(diffs)}, mean difference "
        f"{diffs.mean():+.3f})"
    )
    if everything != candidate and everything in check:
        summary += (
            f"; every winning change together would score {fmt(check[everything]['mean'])}, but breaks a target "
            "(costs above)"
        )
    if wins == len(diffs) and diffs.mean() > 0.005:
        return candidate, summary
    return default["name"], summary + ": not a consistent gain, so the default stands"


def ablation_section(r: Report) -> list[str]:
    rows = r.ablations
    base = rows[0]
    body = [
        [
            a["group"], a["name"], fmt(a["macro_f1"]), f"{a['macro_f1'] - base['macro_f1']:+.3f}", fmt(a["micro_f1"]),
            fmt(a["min_sector_f1"]), fmt(a["per_lang"].get("fr", {}).get("macro_f1", 0)),
            fmt(a["per_lang"].get("en", {}).get("macro_f1", 0)), f"{a['seconds']:.0f}",
        ]
        for a in rows
    ]
    groups = []
    for g in dict.fromkeys(a["group"] for a in rows if a["group"] not in ("default", "combined")):
        top = max((a for a in rows if a["group"] == g), key=lambda a: a["macro_f1"])
        groups.append(f"{g}: {top['name']} ({top['macro_f1'] - base['macro_f1']:+.3f})")
    winner, why = verdict(r)
    lines = [
        "## Ablations (our pipeline, same splits, nested thresholds)",
        "",
        "Each row changes one thing from the shipped default; the `combined` rows (if any) put together the best "
        "change of each group that beat the default: all of them, and those that keep the size and cold-tag targets "
        "(costs below). Lemmas: texts pre-lemmatised with spaCy's `fr_core_news_sm` (its French rules "
        "are applied to the English paragraphs too) before the default pipeline. Seconds: CPU work of the row's "
        "nested cross-validation (25 fits for 5 folds).",
        "",
        table(["group", "configuration", "macro-F1", "Δ macro", "micro-F1", "lowest sector", "fr macro", "en macro", "s"], body),
        "",
        "Best of each group, against the default: " + "; ".join(groups) + ".",
    ]
    costs = r.split_check.get("costs", [])
    if costs:
        lines += [
            "",
            f"**Costs.** The winning changes, best first, added one at a time on top of those kept; a change is left out "
            f"when the model files would exceed {TARGET_SIZE_MB:g} MB (measured: `classify train` with that configuration on "
            f"all of `labels/`) or when tagging would need spaCy, whose import alone, timed in a fresh process, exceeds "
            f"the {TARGET_COLD_S:g} s cold-tag target:",
            "",
            table(
                ["change", "Δ macro alone", "model files (MB)", "kept", "why not"],
                [
                    [c["change"], f"{c['gain']:+.3f}", f"{c['size_mb']:.1f}" if "size_mb" in c else "—",
                     "yes" if c["kept"] else "no", c["why"] or "—"]
                    for c in costs
                ],
            ),
        ]
    check = r.split_check.get("rows", {})
    if check:
        lines += [
            "",
            f"**Split check.** Picking the best of ~25 rows on one split flatters the winner, so the default and the "
            f"combinations are scored again on grouped splits with seeds {r.split_check['seeds']}:",
            "",
            table(
                ["configuration", *[f"seed {s}" for s in r.split_check["seeds"]], "mean", "sd"],
                [[name, *map(fmt, v["macro_f1"]), fmt(v["mean"]), fmt(v["sd"])] for name, v in check.items()],
            ),
        ]
    lines += ["", f"**Winner: {winner}** — {why}."]
    return lines


def discussion(r: Report) -> list[str]:
    q = {s: r.scores(s) for s in SYSTEMS}
    sp = r.speed
    o = sp["ours"]
    peer = r.best_peer()
    gap = q["ours"]["macro_f1"] - q[peer]["macro_f1"]
    learned = max(("fasttext", "spacy"), key=lambda s: q[s]["macro_f1"])
    lines = [
        f"- **Quality.** Ours: macro-F1 {fmt(q['ours']['macro_f1'])}, micro-F1 {fmt(q['ours']['micro_f1'])}. The best peer "
        f"is {peer} ({fmt(q[peer]['macro_f1'])} / {fmt(q[peer]['micro_f1'])}), a macro difference of {gap:+.3f}. Of the "
        f"learned peers {learned} does best ({fmt(q[learned]['macro_f1'])} macro), "
        f"{q['ours']['macro_f1'] - q[learned]['macro_f1']:+.3f} from ours. With {r.data['n_paragraphs']} paragraphs "
        f"(the rarest sector has {min(r.data['per_sector'].values())}) the learned models see each sector's vocabulary "
        "only a few dozen times, while hand-written keyword lists carry that vocabulary from the start; the learned "
        "models gain from every labelled article, the keywords do not.",
    ]
    no_kw = next((a for a in r.ablations if a["name"].startswith("no keyword features")), None)
    if no_kw:
        lines.append(
            f"- **Keyword features.** Without the keyword columns (TF-IDF only) our macro-F1 is {fmt(no_kw['macro_f1'])} "
            f"({no_kw['macro_f1'] - q['ours']['macro_f1']:+.3f}); the keywords alone score {fmt(q['keywords']['macro_f1'])}. "
            + (
                "Together they beat both: the regressions learn how much a keyword match counts in each sector, and "
                "the n-grams cover what the lists miss."
                if q["ours"]["macro_f1"] > max(no_kw["macro_f1"], q["keywords"]["macro_f1"])
                else "Together they do not beat both, so the combination is not yet pulling its weight."
            )
        )
    if all("en" in q[s]["per_lang"] for s in SYSTEMS):
        lines.append(
            "- **Languages** (macro-F1, fr / en): "
            + "; ".join(f"{s} {lang(q[s], 'fr', 'macro_f1')} / {lang(q[s], 'en', 'macro_f1')}" for s in SYSTEMS)
            + f". English is {r.data['per_lang'].get('en', 0)} of {r.data['n_paragraphs']} paragraphs; "
            "the gap between the two languages is the gap to watch as the corpus grows."
        )
    lines.append(
        f"- **Speed.** Ours tags {o['batch']['paragraphs_per_s']:,.0f} paragraphs/s in one process ("
        + ", ".join(f"{s} {sp[s]['batch']['paragraphs_per_s']:,.0f}" for s in PEERS)
        + f"); the scorer turns a whole batch into one sparse matrix per feature family (the features of each distinct word computed once and kept, n-grams matched as integer keys) and scores it with one product; normalising and tokenising the text are now most of the cost. A cold "
        f"`classify tag` takes {o['cold_tag_s']:.2f} s ("
        + ", ".join(f"{s} {sp[s]['cold_tag_s']:.2f} s" for s in PEERS)
        + "): tagging imports neither scikit-learn nor spaCy. Training with threshold tuning takes "
        f"{o['train_s']:.1f} s (" + ", ".join(f"{s} {sp[s]['train_s']:.1f} s" for s in PEERS if s != "keywords") + ")."
    )
    if r.jobs:
        j = r.jobs
        lines.append(
            f"- **Processes.** `--jobs 2` takes {j['jobs2_s']:.1f} s against {j['jobs1_s']:.1f} s for `--jobs 1` on "
            f"{j['files']:,} files: {j['jobs1_s'] / j['jobs2_s']:.2f}× on 2 cores. Each worker process pays its start-up "
            "(importing the package, receiving the model) and the parent still formats and writes every result, so the "
            "gain stays below 2× and needs a large folder to show."
        )
    if r.ablations:
        winner, why = verdict(r)
        lines.append(f"- **Configuration.** The ablations point to **{winner}**: {why}.")
        base = r.ablations[0]
        singles = [a for a in r.ablations if a["group"] not in ("default", "combined")]
        worst = sorted(singles, key=lambda a: a["macro_f1"])[:3]
        ahead = [a for a in singles if a["macro_f1"] - base["macro_f1"] >= 0.0005]
        lines.append(
            f"- **What the default rests on.** Of {len(singles)} single changes, {len(ahead)} "
            f"{'scores' if len(ahead) == 1 else 'score'} above it by "
            "0.001 or more"
            + (" (" + ", ".join(f"{a['name']} {a['macro_f1'] - base['macro_f1']:+.3f}" for a in ahead) + ")" if ahead else "")
            + "; the largest losses come from "
            + ", ".join(f"{a['name']} ({a['macro_f1'] - base['macro_f1']:+.3f})" for a in worst)
            + ". A change that scores higher but is not shipped is explained under Costs and Split check above."
        )
    return lines


def render(r: Report) -> str:
    sections = [header(r), systems(r), quality(r), speed(r), target_section(r)]
    if r.ablations:
        sections.append(ablation_section(r))
    sections.append(["## Discussion", "", *discussion(r)])
    return "\n\n".join("\n".join(s) for s in sections) + "\n"
