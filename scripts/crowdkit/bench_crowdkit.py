"""The Crowd-Kit half of `handprint bench aggregate`: one method on one answers file.

Run in the virtualenv made by setup-venv.sh. Writes the labels as `task,label` CSV and a JSON
report with the fit time (wall and CPU) and the peak resident memory of this process (ru_maxrss), so that each
method is measured in a fresh process, like the Handprint side.

Usage: python bench_crowdkit.py --method ds --input answers.csv --output labels.csv --report r.json
       [--n-iter N] [--tol T]
"""
import argparse
import json
import resource
import time
import warnings

warnings.filterwarnings("ignore")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--method", required=True, choices=["mv", "ds", "glad", "mace", "onecoin-ds", "wawa", "zbs", "mmsr"])
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--report", required=True)
    ap.add_argument("--n-iter", type=int, default=None)
    ap.add_argument("--tol", type=float, default=None)
    a = ap.parse_args()

    t0 = time.perf_counter()
    import numpy as np
    import pandas as pd
    from crowdkit import aggregation as agg

    df = pd.read_csv(a.input, dtype=str)[["worker", "task", "label"]]
    t_loaded = time.perf_counter()
    kw = {}
    if a.n_iter is not None:
        kw["n_iter"] = a.n_iter
    if a.tol is not None and a.method in ("ds", "glad", "onecoin-ds", "mmsr"):
        kw["tol"] = a.tol
    if a.method == "mv":
        model = agg.MajorityVote()
    elif a.method == "ds":
        model = agg.DawidSkene(**kw)
    elif a.method == "onecoin-ds":
        model = agg.OneCoinDawidSkene(**kw)
    elif a.method == "glad":
        model = agg.GLAD(**kw)
    elif a.method == "mace":
        # Crowd-Kit reseeds every restart identically, so 10 restarts compute the same answer
        # ten times; one restart is the fair comparison with Handprint's single pass.
        model = agg.MACE(n_restarts=1, **kw)
    elif a.method == "mmsr":
        # Dense workers x tasks and workers x workers matrices: small crowds only.
        model = agg.MMSR(**kw)
    elif a.method == "wawa":
        model = agg.Wawa()
    else:
        model = agg.ZeroBasedSkill(**kw)
    np.random.seed(0)
    t_fit = time.perf_counter()
    cpu_fit = time.process_time()
    labels = model.fit_predict(df)
    fit_seconds = time.perf_counter() - t_fit
    fit_cpu_seconds = time.process_time() - cpu_fit
    labels.rename("label").rename_axis("task").to_csv(a.output, header=True)
    report = {
        "rows": int(len(df)),
        "load_seconds": t_loaded - t0,
        "fit_seconds": fit_seconds,
        "fit_cpu_seconds": fit_cpu_seconds,
        "total_seconds": time.perf_counter() - t0,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    with open(a.report, "w") as f:
        json.dump(report, f)


if __name__ == "__main__":
    main()
