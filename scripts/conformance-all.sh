#!/usr/bin/env bash
# Runs every conformance case of the full shared sets (../shared/conformance/{rctab,stv}, beside
# the repository; the repository carries all RCTab cases and 100 of the 146 STV cases, see
# Tests/Conformance/README.md) through the built `endorse tally`, checking each as the sets'
# READMEs say. Exits 1 if any case fails, 2 if the shared sets are not there.
# Usage: scripts/conformance-all.sh [SHARED_DIR]   (default ../shared/conformance)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${1:-../shared/conformance}
if [[ ! -d "$SHARED/stv" || ! -d "$SHARED/rctab" ]]; then
    echo "no conformance sets in $SHARED (give their folder as the first argument)" >&2
    exit 2
fi
BIN=$(swift build --show-bin-path)/endorse
[[ -x "$BIN" ]] || swift build --product endorse
python3 - "$BIN" "$SHARED" <<'PY'
import json, os, subprocess, sys
from fractions import Fraction
bin, shared = sys.argv[1], sys.argv[2]

def tally(case, race):
    out = subprocess.run([bin, "tally", "--cycle-file", f"{case}/cycle.yaml", "--race", race, "--ballots",
                          f"{case}/ballots.jsonl", "--candidates", f"{case}/candidates.csv", "--format", "json"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise AssertionError(out.stderr.strip())
    return json.loads(out.stdout, parse_float=Fraction)

def check_stv(case, e):
    t = tally(case, e["race"])
    scottish = e["arithmetic"] == "scottish"
    assert t["quota"] == e["quota"], f"quota {t['quota']} != {e['quota']}"
    assert t["elected"] == e["elected"], f"elected {t['elected']} != {e['elected']}"
    assert len(t["rounds"]) == len(e["stages"]), f"{len(t['rounds'])} rounds, {len(e['stages'])} stages"
    for ours, theirs in zip(t["rounds"], e["stages"]):
        at = f"stage {theirs['stage']}"
        for key in ["action", "candidate", "elected", "tie_break"]:
            assert ours[key] == theirs[key], f"{at} {key}: {ours[key]} != {theirs[key]}"
        assert set(ours["votes"]) == set(theirs["votes"]), f"{at}: candidates listed differ"
        pairs = [(ours["votes"][c], theirs["votes"][c]) for c in theirs["votes"]]
        pairs.append((ours["non_transferable"], theirs["non_transferable"]))
        for got, want in pairs:
            got, want = Fraction(got), Fraction(want)
            ok = got == want if scottish else abs(got - want) <= Fraction(1, 100000)
            assert ok, f"{at}: {float(got)} vs {float(want)}"

def check_rctab(case, e):
    t = tally(case, e["race"])
    assert t["winner"] == e["voting_md_winner"], f"winner {t['winner']} != {e['voting_md_winner']}"
    if e["compare"].get("winner"):
        assert t["winner"] == e["winner"], f"winner {t['winner']} != RCTab's {e['winner']}"
    if e["compare"].get("exact"):
        assert len(t["rounds"]) == len(e["rounds"]), "round count"
        for ours, theirs in zip(t["rounds"], e["rounds"]):
            assert ours["votes"] == theirs["votes"], f"round {ours['round']} votes"
            assert (ours["eliminated"] and [ours["eliminated"]] or []) == theirs["eliminated"], "eliminated"

failed = 0
for name, check in [("rctab", check_rctab), ("stv", check_stv)]:
    root = f"{shared}/{name}"
    cases = sorted(d for d in os.listdir(root) if os.path.exists(f"{root}/{d}/expected.json"))
    bad = []
    for d in cases:
        try:
            check(f"{root}/{d}", json.load(open(f"{root}/{d}/expected.json")))
        except AssertionError as err:
            bad.append(f"{d}: {err}")
    for line in bad:
        print(f"FAIL {name}/{line}")
    print(f"{name}: {len(cases) - len(bad)} of {len(cases)} cases pass")
    failed += len(bad)
sys.exit(1 if failed else 0)
PY
