#!/usr/bin/env python3
"""Relevance floor of the matching engine on tests/match/eval (150 queries, 2,176 records).

Runs `yigong match eval --json` and checks yigong against floors set a little under what it
measures today, so that a change that loses relevance fails CI. The floors, and the measured
values they guard, are in docs/matching.md.
Usage: eval_floor.py --yigong PATH [--eval DIR] [--thesaurus DIR]
"""
import argparse
import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (system, metric, floor)
FLOORS = [
    ("yigong", "ndcg@10", 0.30),
    ("yigong", "recall@50", 0.45),
    ("yigong", "mrr", 0.55),
    ("lexical", "ndcg@10", 0.28),
]
# yigong minus B2 (the lexical baseline): what the concept bridge adds.
GAINS = [("recall@50", 0.08), ("ndcg@10", 0.0)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--yigong", required=True)
    p.add_argument("--eval", default=os.path.join(REPO, "tests", "match", "eval"))
    p.add_argument("--thesaurus", default=os.path.join(REPO, "data", "bridge"))
    args = p.parse_args()
    cmd = [args.yigong, "match", "eval", "--json", "--thesaurus", args.thesaurus,
           "--corpus", os.path.join(args.eval, "corpus.jsonl"),
           "--queries", os.path.join(args.eval, "queries.jsonl"),
           "--qrels", os.path.join(args.eval, "qrels.tsv")]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        print(r.stdout + r.stderr)
        print("0 passed, 1 failed")
        return 1
    m = json.loads(r.stdout)
    passed = failed = 0
    for system, metric, floor in FLOORS:
        value = m[system][metric]
        ok = value >= floor
        print(f"{'ok  ' if ok else 'FAIL'} {system} {metric} = {value:.3f} (floor {floor})")
        passed, failed = passed + ok, failed + (not ok)
    for metric, floor in GAINS:
        gain = m["yigong"][metric] - m["lexical"][metric]
        ok = gain >= floor
        print(f"{'ok  ' if ok else 'FAIL'} yigong − B2 {metric} = {gain:+.3f} (floor {floor:+})")
        passed, failed = passed + ok, failed + (not ok)
    for baseline in ("xapian", "fts5"):
        ok = baseline in m and m["yigong"]["ndcg@10"] > m[baseline]["ndcg@10"]
        print(f"{'ok  ' if ok else 'FAIL'} yigong above {baseline} on nDCG@10")
        passed, failed = passed + ok, failed + (not ok)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
