#!/usr/bin/env bash
# Offline IRV benchmark: 1,000,000 weighted ballots over 30 candidates, then 100,000 complete
# rankings compared with Python pref_voting (pinned) on the same ballots.
# Usage: scripts/bench-irv.sh [--skip-build]
set -euo pipefail
cd "$(dirname "$0")/.."
PREF_VOTING_VERSION=1.18.2
SEED=${SEED:-7}
if [[ "${1:-}" != "--skip-build" ]]; then
    swift build -c release --product endorse
fi
BIN=$(swift build -c release --show-bin-path)/endorse
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== machine: $(nproc) cores, $(uname -srm), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "== 1,000,000 weighted ballots (weight 1-10, rankings of 1-10) over 30 candidates"
"$BIN" bench irv --ballots 1000000 --candidates 30 --seed "$SEED"

echo "== 100,000 complete rankings over 30 candidates: endorse vs pref_voting $PREF_VOTING_VERSION"
if ! python3 -c "import pref_voting, sys; sys.exit(pref_voting.__version__ != '$PREF_VOTING_VERSION')" 2>/dev/null; then
    python3 -m pip install --quiet "pref_voting==$PREF_VOTING_VERSION"
fi
"$BIN" bench irv --ballots 100000 --candidates 30 --seed "$SEED" --complete \
    --write-jsonl "$WORK/ballots.jsonl" --format json > "$WORK/ours.json"
cat "$WORK/ours.json"

# End to end too: read, check and count the file with the offline tally command.
cat > "$WORK/cycle.yaml" <<'YAML'
id: bench
name: "IRV bench"
election_date: 2026-11-03
coalition:
  name: "Bench"
rules:
  quorum: 0
  threshold: 0.5
  threshold_base: continuing
races:
  - id: bench
    name: "Bench"
    method: irv
platform:
  - id: p
    title: "Placeholder"
    weight: 1
questionnaire:
  - id: q
    text: "Placeholder"
    kind: yes_no
    planks:
      - plank: p
        favors: "yes"
YAML
START=$(date +%s.%N)
"$BIN" tally --cycle-file "$WORK/cycle.yaml" --race bench --ballots "$WORK/ballots.jsonl" --format json > "$WORK/tally.json"
END=$(date +%s.%N)
E2E=$(python3 -c "print(f'{$END - $START:.3f}')")

python3 - "$WORK" "$E2E" <<'PY'
import json, sys, time
import numpy as np
from pref_voting.profiles import Profile
from pref_voting.voting_methods import instant_runoff

work, e2e = sys.argv[1], float(sys.argv[2])
ours = json.load(open(f"{work}/ours.json"))
tally = json.load(open(f"{work}/tally.json"))
ids = [f"c-{i:02d}" for i in range(1, 31)]
index = {c: i for i, c in enumerate(ids)}
rankings, weights = [], []
with open(f"{work}/ballots.jsonl") as f:
    for line in f:
        b = json.loads(line)
        rankings.append([index[c] for c in b["ranking"]])
        weights.append(b["weight"])
# Warm up (pref_voting compiles parts with numba on first use); not counted.
w0 = time.perf_counter()
instant_runoff(Profile(np.array(rankings[:50]), rcounts=weights[:50]), tie_breaker=list(range(29, -1, -1)))
w1 = time.perf_counter()
t0 = time.perf_counter()
profile = Profile(np.array(rankings), rcounts=weights)
t1 = time.perf_counter()
c1 = time.process_time()
# Same tie rule as voting.md's last resort: the id that sorts last goes first (priority low->high).
winners = instant_runoff(profile, tie_breaker=list(range(29, -1, -1)))
t2 = time.perf_counter()
c2 = time.process_time()
theirs = [ids[w] for w in winners]
count = float(ours["count_seconds"])
print(f"endorse IRV count (in memory)  {count:.3f} s wall, {float(ours['count_cpu_seconds']):.3f} s CPU, winner {ours['winner']}, {ours['rounds']} rounds")
print(f"endorse tally end to end (file) {e2e:.3f} s, winner {tally['winner']}")
print(f"pref_voting warm-up (50 ballots, not counted) {w1 - w0:.3f} s")
print(f"pref_voting profile build      {t1 - t0:.3f} s")
print(f"pref_voting instant_runoff     {t2 - t1:.3f} s wall, {c2 - c1:.3f} s CPU, winners {theirs}")
print(f"ratio pref_voting / endorse (count only) {(t2 - t1) / count:.1f}x wall, "
      f"{(c2 - c1) / float(ours['count_cpu_seconds']):.1f}x CPU")
print("winners agree" if theirs == [ours["winner"]] == [tally["winner"]] else "WINNERS DIFFER")
PY
