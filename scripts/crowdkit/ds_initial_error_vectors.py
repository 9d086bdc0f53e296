"""Crowd-Kit 1.4.2 reference vectors for Dawid-Skene with `initial_error` (assign / addition).

A seeded crowd (the generator of extra_vectors.py), historical confusion counts taken from the
ground truth of its first 80 tasks (+1 smoothing, every worker x observed x true label), then:
addition with half of the workers, assign with counts, assign with probabilities, and the two
refusals (a worker without rows; probabilities that do not sum to 1). Output:
crates/aggregate/tests/data/crowdkit-ds-initial-error.json (no Python needed at test time).

Usage: bash scripts/crowdkit/setup-venv.sh && bench-venv/bin/python scripts/crowdkit/ds_initial_error_vectors.py
"""
import json
import os
import sys
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from extra_vectors import crowd, dump  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "crates", "aggregate", "tests", "data", "crowdkit-ds-initial-error.json")


def history(df, gt, labels, n_tasks):
    tasks = sorted(gt)[:n_tasks]
    workers = list(pd.unique(df.worker))
    counts = {(w, o): {t: 1.0 for t in labels} for w in workers for o in labels}
    for w, t, l in df[["worker", "task", "label"]].values:
        if t in tasks:
            counts[(w, l)][gt[t]] += 1.0
    rows = [[w, o] + [counts[(w, o)][t] for t in labels] for (w, o) in counts]
    frame = pd.DataFrame([r[2:] for r in rows], columns=labels,
                         index=pd.MultiIndex.from_tuples([(r[0], r[1]) for r in rows], names=["worker", "label"]))
    return rows, frame


def main():
    from crowdkit import aggregation as agg

    labels = ["zebra", "apple", "mango"]
    df, gt = crowd(3, 200, 20, labels, 5)
    sorted_labels = sorted(labels)
    rows, frame = history(df, gt, sorted_labels, 80)
    half = sorted(pd.unique(df.worker))[:10]
    part = frame[frame.index.get_level_values("worker").isin(half)]
    probs = frame / frame.groupby("worker").sum()
    out = {"_meta": {"crowd_kit": "1.4.2", "generator": "scripts/crowdkit/ds_initial_error_vectors.py",
                     "note": "initial_error rows: [worker, observed, values per true label in sorted label order]"},
           "labels_sorted": sorted_labels,
           "input": df[["task", "worker", "label"]].values.tolist(),
           "counts": rows,
           "addition_workers": half}
    out["addition"] = dump(agg.DawidSkene(initial_error_strategy="addition"), df, None, part)
    out["assign_counts"] = dump(agg.DawidSkene(initial_error_strategy="assign"), df, None, frame)
    out["assign_probabilities"] = dump(agg.DawidSkene(initial_error_strategy="assign"), df, None, probs)
    out["probabilities"] = [[w, o] + [float(probs.loc[(w, o), t]) for t in sorted_labels] for (w, o) in probs.index]
    for name, bad in (("assign_missing_worker", part), ("assign_bad_probabilities", probs * 0.5)):
        try:
            agg.DawidSkene(initial_error_strategy="assign").fit(df, None, bad)
            out[name] = "no error"
        except ValueError as e:
            out[name] = str(e)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=0)
    print({k: (v if isinstance(v, str) else "...") for k, v in out.items() if k.startswith("assign_")})


if __name__ == "__main__":
    main()
