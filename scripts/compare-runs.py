#!/usr/bin/env python3
"""Paired bootstrap of two `eval days --json` (or two `eval similar --json`) runs over the same file.

Usage: python3 scripts/compare-runs.py A.json B.json [--metric success5|success1|mrr10]   (default success5)
       python3 scripts/compare-runs.py A.json B.json [--metric hit5|recall10|rr10]       (eval similar; default hit5)

For each kind of question (and all together) prints A's and B's figure and the difference B - A with its 95%
interval: the questions resampled with replacement 2,000 times, both systems scored on the same resample (Sakai 2006,
"Evaluating evaluation metrics based on the bootstrap", SIGIR). A difference whose interval holds 0 is not a gain.
Standard library only; seeded, so it prints the same every run.
"""
import json
import random
import sys


def value(rank, metric):
    if rank is None:
        return 0.0
    return {"success1": float(rank <= 1), "success5": float(rank <= 5), "mrr10": 1.0 / rank}[metric]


def main(argv):
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return
    metric, args = "success5", []
    rest = iter(argv)
    for a in rest:
        if a.startswith("--metric"):
            metric = a.split("=", 1)[1] if "=" in a else next(rest, "")
        else:
            args.append(a)
    if len(args) != 2:
        sys.exit(__doc__)
    try:
        a, b = (json.load(open(p)) for p in args)
    except (OSError, ValueError) as e:
        sys.exit(f"compare-runs: {e}")
    if ("perSource" in a) != ("perSource" in b):
        sys.exit("compare-runs: one run is of `eval similar` (perSource), the other not; compare runs of one kind")
    if "perSource" in a:
        # eval similar: one figure per source day, no kinds.
        metric = "hit5" if metric == "success5" else metric
        if metric not in ("hit5", "recall10", "rr10"):
            sys.exit(__doc__)
        of_b = {s["source"]: s[metric] for s in b["perSource"]}
        pairs = [(None, s[metric], of_b[s["source"]]) for s in a["perSource"] if s["source"] in of_b]
    else:
        if metric not in ("success1", "success5", "mrr10"):
            sys.exit(__doc__)
        ranks_b = {q["question"]: q["rank"] for q in b["perQuestion"]}
        pairs = [(q.get("kind"), value(q["rank"], metric), value(ranks_b[q["question"]], metric))
                 for q in a["perQuestion"] if q["question"] in ranks_b]
    if not pairs:
        sys.exit("the two runs share no question with accepted days")
    print(f"{metric}: {a['mode']} (A) against {b['mode']} (B)")
    for kind in sorted({k for k, _, _ in pairs if k}) + ["ALL"]:
        sub = [(x, y) for k, x, y in pairs if kind in ("ALL", k)]
        n = len(sub)
        rnd = random.Random(1)
        diffs = sorted(sum(y - x for x, y in (sub[rnd.randrange(n)] for _ in range(n))) / n for _ in range(2000))
        mean_a = sum(x for x, _ in sub) / n
        mean_b = sum(y for _, y in sub) / n
        print(f"  {kind:<12} n={n:<4} A {mean_a:.3f}  B {mean_b:.3f}  B-A {mean_b - mean_a:+.3f} [{diffs[50]:+.3f}, {diffs[1949]:+.3f}]")


if __name__ == "__main__":
    main(sys.argv[1:])
