"""Extra Crowd-Kit 1.4.2 reference vectors for Handprint's conformance tests.

Larger than Crowd-Kit's own fixtures: a seeded synthetic crowd (good, noisy, spamming and
adversarial workers, unequal class frequencies, unsorted worker and label names) run through the
deterministic methods with defaults. Output goes to crates/aggregate/tests/data/, where the Rust
tests read it; Python is not needed at test time.

Usage: bash scripts/crowdkit/setup-venv.sh && bench-venv/bin/python scripts/crowdkit/extra_vectors.py
"""
import json
import os
import sys
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "crates", "aggregate", "tests", "data", "crowdkit-extra.json")


def crowd(seed, n_tasks, n_workers, labels, overlap):
    rng = np.random.RandomState(seed)
    k = len(labels)
    truth = rng.choice(k, size=n_tasks, p=np.linspace(1, 2, k) / np.linspace(1, 2, k).sum())
    kinds = []
    for w in range(n_workers):
        r = w % 10
        kinds.append("spam" if r == 0 else "adv" if r == 1 else "noisy" if r < 4 else "good")
    # Worker names are not in sorted order of first appearance, on purpose.
    names = [f"{(w * 7919) % 1000:03d}-worker" for w in range(n_workers)]
    rows = []
    for t in range(n_tasks):
        for w in rng.choice(n_workers, size=overlap, replace=False):
            y = truth[t]
            kind = kinds[w]
            if kind == "spam":
                a = 0
            elif kind == "adv":
                a = (y + 1) % k if rng.rand() < 0.7 else y
            else:
                acc = 0.55 if kind == "noisy" else 0.85
                a = y if rng.rand() < acc else rng.choice([c for c in range(k) if c != y])
            rows.append([names[w], f"task-{t:04d}", labels[a]])
    gt = {f"task-{t:04d}": labels[truth[t]] for t in range(n_tasks)}
    return pd.DataFrame(rows, columns=["worker", "task", "label"]), gt


def ser(x):
    if isinstance(x, pd.Series):
        return {str(k): ser(v) for k, v in x.items()}
    if isinstance(x, pd.DataFrame):
        if isinstance(x.index, pd.MultiIndex):
            return {"|".join(map(str, k)): {str(c): float(v) for c, v in row.items()} for k, row in x.iterrows()}
        return {str(k): {str(c): float(v) for c, v in row.items()} for k, row in x.iterrows()}
    if isinstance(x, (np.floating, float)):
        return float(x)
    if isinstance(x, (np.integer, int)):
        return int(x)
    if isinstance(x, np.ndarray):
        return x.tolist()
    return x


def dump(model, df, *args, method="fit"):
    np.random.seed(0)
    getattr(model, method)(df, *args)
    out = {}
    for attr in ("labels_", "probas_", "skills_", "priors_", "errors_", "alphas_", "betas_", "loss_history_"):
        if hasattr(model, attr):
            out[attr] = ser(getattr(model, attr))
    return out


def main():
    from crowdkit import aggregation as agg
    import crowdkit

    res = {"_meta": {"crowd_kit": getattr(crowdkit, "__version__", "1.4.2"), "numpy": np.__version__,
                     "pandas": pd.__version__, "generator": "scripts/crowdkit/extra_vectors.py",
                     "note": "defaults unless stated; np.random.seed(0) before each fit"}}
    for name, (seed, n_tasks, n_workers, labels, overlap) in {
        "crowd3": (1, 300, 40, ["zebra", "apple", "mango"], 5),
        "crowd5": (2, 200, 25, ["e", "d", "c", "b", "a"], 7),
    }.items():
        df, gt = crowd(seed, n_tasks, n_workers, labels, overlap)
        gold = dict(list(gt.items())[:30])
        r = {"input": df[["task", "worker", "label"]].values.tolist(), "ground_truth": gt, "gold": gold}
        r["MajorityVote"] = dump(agg.MajorityVote(), df)
        r["Wawa"] = dump(agg.Wawa(), df, method="fit_predict")
        r["ZeroBasedSkill"] = dump(agg.ZeroBasedSkill(), df, method="fit_predict")
        r["DawidSkene"] = dump(agg.DawidSkene(), df)
        r["DawidSkene_with_gold"] = dump(agg.DawidSkene(), df, pd.Series(gold))
        r["OneCoinDawidSkene"] = dump(agg.OneCoinDawidSkene(), df)
        r["GLAD"] = dump(agg.GLAD(), df)
        res[name] = r
        print(name, len(df), "answers", file=sys.stderr)
    with open(OUT, "w") as f:
        json.dump(res, f, indent=0)


if __name__ == "__main__":
    main()
