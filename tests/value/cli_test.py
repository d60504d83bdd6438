#!/usr/bin/env python3
"""`yigong value run` and `value check` end to end: the published Sick-Sicker figures come out of
the command line's JSON, the same seed gives the same PSA for 1 and 2 threads, and a broken spec
fails with the JSON path of its error. Usage: cli_test.py YIGONG SPEC"""
import json
import subprocess
import sys
import tempfile
import os

yigong, spec = sys.argv[1], sys.argv[2]
passed = failed = 0


def check(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


with tempfile.TemporaryDirectory() as tmp:
    outs = []
    for threads in ("1", "2"):
        out = os.path.join(tmp, f"r{threads}.json")
        r = subprocess.run([yigong, "value", "run", spec, "--psa", "500", "--seed", "11",
                            "--threads", threads, "--out", out], capture_output=True, text=True)
        check(r.returncode == 0, f"ValueRun.Exit0.threads{threads}", r.stderr)
        outs.append(json.load(open(out)))
    by_name = {s["name"]: s for s in outs[0]["strategies"]}
    check(round(by_name["SoC"]["cost"]) == 151580, "ValueRun.SickSickerSoCCost", by_name["SoC"])
    check(round(by_name["AB"]["qaly"], 3) == 23.137, "ValueRun.SickSickerABQaly", by_name["AB"])
    icers = {row["name"]: row.get("icer") for row in outs[0]["incremental"]}
    check(round(icers["B"]) == 72988 and round(icers["AB"]) == 125764, "ValueRun.PublishedIcers",
          icers)
    check(outs[0]["psa"] == outs[1]["psa"], "ValueRun.PsaSameForAnyThreadCount")

    spec_json = json.load(open(spec))
    bad = dict(spec_json)
    bad["strategies"] = [dict(s) for s in spec_json["strategies"]]
    bad["strategies"][1]["overrides"] = {"no_such_parameter": 1}
    bad_path = os.path.join(tmp, "bad.json")
    json.dump(bad, open(bad_path, "w"))
    r = subprocess.run([yigong, "value", "check", bad_path], capture_output=True, text=True)
    check(r.returncode == 1 and "strategies[1]" in r.stderr, "ValueCheck.NamesThePath", r.stderr)
    r = subprocess.run([yigong, "value", "check", spec], capture_output=True, text=True)
    check(r.returncode == 0 and "is valid" in r.stdout, "ValueCheck.AcceptsAGoodSpec", r.stderr)
    r = subprocess.run([yigong, "value", "run", spec, "--psa", "0"], capture_output=True, text=True)
    check(r.returncode == 2, "ValueRun.RejectsZeroDraws", r.stderr)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
