"""Crowd-Kit 1.4.2 ROVER reference vectors for Handprint's conformance tests.

Seeded transcription-like answers: each task has a reference sentence and 3-9 hypotheses made by
substituting, deleting and inserting words (including ties between words of equal and different
length), aggregated by `ROVER(tokenizer=str.split(" "), detokenizer=" ".join)`. Output:
crates/aggregate/tests/data/crowdkit-rover.json (read by the Rust tests; no Python at test time).

Usage: bash scripts/crowdkit/setup-venv.sh && bench-venv/bin/python scripts/crowdkit/rover_vectors.py
"""
import json
import os
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "crates", "aggregate", "tests", "data", "crowdkit-rover.json")

VOCAB = ("the a cat dog sat on mat big small red house went to market and then home "
         "it is was very quite blue green sun moon ran walked quickly slowly over under").split()


def hypotheses(rng, n_tasks):
    rows = []
    for t in range(n_tasks):
        ref = list(rng.choice(VOCAB, size=rng.randint(1, 10)))
        for w in range(rng.randint(3, 10)):
            words = []
            for word in ref:
                r = rng.rand()
                if r < 0.12:
                    continue  # deletion
                if r < 0.30:
                    words.append(str(rng.choice(VOCAB)))  # substitution
                else:
                    words.append(str(word))
                if rng.rand() < 0.08:
                    words.append(str(rng.choice(VOCAB)))  # insertion
            if not words:
                words = [str(rng.choice(VOCAB))]
            rows.append([f"task-{t:03d}", f"w{w}", " ".join(words)])
    return rows


def main():
    from crowdkit.aggregation import ROVER

    rng = np.random.RandomState(7)
    rows = hypotheses(rng, 150)
    # Hand-made edge cases: two-way ties, one answer, identical answers, an answer with one word.
    rows += [
        ["tie-1", "w1", "a b"], ["tie-1", "w2", "a c"],
        ["tie-2", "w1", "big cat"], ["tie-2", "w2", "small cat"], ["tie-2", "w3", "cat"],
        ["one", "w1", "only one answer here"],
        ["same", "w1", "x y z"], ["same", "w2", "x y z"], ["same", "w3", "x y z"],
        ["short", "w1", "hello there world"], ["short", "w2", "hello"], ["short", "w3", "world"],
    ]
    df = pd.DataFrame(rows, columns=["task", "worker", "text"])
    rover = ROVER(tokenizer=lambda s: s.split(" "), detokenizer=lambda t: " ".join(t))
    texts = rover.fit_predict(df)
    out = {
        "_meta": {"crowd_kit": "1.4.2", "generator": "scripts/crowdkit/rover_vectors.py",
                  "note": "ROVER(tokenizer=s.split(' '), detokenizer=' '.join); rows in input order"},
        "input": rows,
        "texts_": {str(k): v for k, v in texts.items()},
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=0)
    print(len(rows), "answers,", len(out["texts_"]), "tasks")


if __name__ == "__main__":
    main()
