#!/usr/bin/env bash
# Offline tallies end to end (`endorse tally --cycle-file ... --ballots ...`: read, parse, check,
# count, JSON out), release build, data generated on the fly (nothing is committed):
#   1. 1,000,000 weighted ballot lines over 30 candidates: irv, and a 10-seat stv race in each
#      arithmetic (exact, scottish); wall and CPU time and peak RSS of each run.
#   2. One 100,000-line file of the same shape, side by side in one run: our irv against Python
#      pref_voting 1.18.2, our stv against votekit 3.5.0 (exact STV) and stvpoll 0.5.6 (Scottish
#      STV); each peer timed building its own profile and counting; ratios; do the winners agree.
# Run it under the build lock so no build disturbs it:
#   flock /tmp/endorse-build.lock scripts/bench-tally.sh [--skip-build]
# RUNS (default 3) runs per million-line tally; SEED (default 7); SKIP_PEERS=1 skips part 2.
set -euo pipefail
cd "$(dirname "$0")/.."
SEED=${SEED:-7}
RUNS=${RUNS:-3}
PEERS=("pref_voting==1.18.2" "votekit==3.5.0" "stvpoll==0.5.6")
if [[ "${1:-}" != "--skip-build" ]]; then
    swift build -c release --product endorse
fi
BIN=$(swift build -c release --show-bin-path)/endorse
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== machine: $(nproc) cores, $(uname -srm), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"

# One cycle per count, race "bench" (the race of the generated lines).
for mode in irv exact scottish; do
    if [[ $mode == irv ]]; then
        race="    method: irv"
    else
        race=$'    seats: 10\n    method: stv\n    stv_arithmetic: '"$mode"
    fi
    cat > "$WORK/$mode.yaml" <<YAML
id: bench
name: "Tally bench"
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
$race
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
done

# Weight 1-10, rankings of 1-10 names, first choice skewed to low-numbered candidates (c-01..c-30).
"$BIN" bench irv --ballots 1000000 --candidates 30 --seed "$SEED" --write-jsonl "$WORK/million.jsonl" > /dev/null
"$BIN" bench irv --ballots 100000 --candidates 30 --seed "$SEED" --write-jsonl "$WORK/hundred.jsonl" > /dev/null

python3 - "$BIN" "$WORK" "$RUNS" <<'PY'
import json, os, resource, subprocess, sys, time
bin, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

def tally(mode, file):
    """One end-to-end run: wall seconds, CPU seconds, peak RSS (MB), the tally JSON."""
    out = f"{work}/{mode}-{os.path.basename(file)}.json"
    t0 = time.perf_counter()
    with open(out, "w") as f:
        pid = subprocess.Popen([bin, "tally", "--cycle-file", f"{work}/{mode}.yaml", "--race", "bench",
                                "--ballots", file, "--format", "json"], stdout=f).pid
        _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    assert status == 0, f"{mode} exited {status}"
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, json.load(open(out))

size = os.path.getsize(f"{work}/million.jsonl") / 1e6
print(f"== 1,000,000 lines ({size:.0f} MB), 30 candidates, end to end; {runs} runs each")
for mode in ["irv", "exact", "scottish"]:
    results = [tally(mode, f"{work}/million.jsonl") for _ in range(runs)]
    t = results[-1][3]
    what = f"winner {t['winner']}" if mode == "irv" else f"elected {','.join(t['elected'])}"
    label = "irv" if mode == "irv" else f"stv 10 seats {mode}"
    walls = ", ".join(f"{r[0]:.2f}" for r in results)
    cpus = ", ".join(f"{r[1]:.2f}" for r in results)
    print(f"{label:<22} wall {walls} s; CPU {cpus} s; peak RSS {max(r[2] for r in results):.0f} MB; "
          f"{len(t['rounds'])} rounds, {what}")
PY

# The largest ward of the conformance set (Glasgow 2007, Linn: 9,567 papers, 11 candidates,
# 10 stages), end to end in each arithmetic, best of 5.
CASE=Tests/Conformance/stv/glasgow_2007_linn_scottish
sed 's/stv_arithmetic: scottish/stv_arithmetic: exact/' "$CASE/cycle.yaml" > "$WORK/linn-exact.yaml"
python3 - "$BIN" "$CASE" "$WORK" <<'PY'
import subprocess, sys, time
bin, case, work = sys.argv[1:4]
for mode, cycle in [("scottish", f"{case}/cycle.yaml"), ("exact", f"{work}/linn-exact.yaml")]:
    best = min(
        (lambda t0: (subprocess.run([bin, "tally", "--cycle-file", cycle, "--race", "ward", "--ballots",
                                     f"{case}/ballots.jsonl", "--candidates", f"{case}/candidates.csv",
                                     "--format", "json"], check=True, capture_output=True),
                     time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(5))
    print(f"largest conformance ward (glasgow_2007_linn), stv {mode}, end to end: {best * 1000:.0f} ms (best of 5)")
PY

if [[ "${SKIP_PEERS:-}" == 1 ]]; then exit 0; fi
for p in "${PEERS[@]}"; do
    name=${p%%==*}; version=${p##*==}
    if [[ "$(python3 -c "import importlib.metadata as m; print(m.version('$name'))" 2>/dev/null)" != "$version" ]]; then
        python3 -m pip install --quiet "$p"
    fi
done

python3 - "$BIN" "$WORK" <<'PY'
import json, os, subprocess, sys, time
from fractions import Fraction
bin, work = sys.argv[1], sys.argv[2]
file = f"{work}/hundred.jsonl"

def ours(mode):
    t0 = time.perf_counter()
    out = subprocess.run([bin, "tally", "--cycle-file", f"{work}/{mode}.yaml", "--race", "bench", "--ballots", file,
                          "--format", "json"], check=True, capture_output=True).stdout
    return time.perf_counter() - t0, json.loads(out)

print("== 100,000 lines, 30 candidates, the same file for every tool (rankings of 1-10 names, weights 1-10)")
ids = [f"c-{i:02d}" for i in range(1, 31)]
index = {c: i for i, c in enumerate(ids)}
rankings, weights = [], []
with open(file) as f:       # read once for the peers, untimed
    for line in f:
        b = json.loads(line)
        rankings.append(b["ranking"]); weights.append(b["weight"])
W = sum(weights)

irv_t, irv = ours("irv")
exact_t, exact = ours("exact")
scot_t, scot = ours("scottish")
print(f"endorse irv (end to end)              {irv_t:8.3f} s  winner {irv['winner']}")
print(f"endorse stv exact (end to end)        {exact_t:8.3f} s  elected {exact['elected']}")
print(f"endorse stv scottish (end to end)     {scot_t:8.3f} s  elected {scot['elected']}")

def report(name, build, count, ourtime, agree):
    print(f"{name:<37} {build + count:8.3f} s  (profile {build:.3f} s + count {count:.3f} s); "
          f"ratio {(build + count) / ourtime:.0f}x ours; {agree}")

# pref_voting: truncated rankings need a ProfileWithTies (its Profile takes complete linear orders
# only). Last-resort ties as voting.md: the id that sorts last goes first (tie_breaker is low->high
# priority); pref_voting has no earlier-rounds narrowing.
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.voting_methods import instant_runoff
t0 = time.perf_counter()
profile = ProfileWithTies([{index[c]: r + 1 for r, c in enumerate(rk)} for rk in rankings], rcounts=weights,
                          candidates=list(range(30)))
t1 = time.perf_counter()
winners = [ids[w] for w in instant_runoff(profile, tie_breaker=list(range(29, -1, -1)))]
t2 = time.perf_counter()
report("pref_voting instant_runoff", t1 - t0, t2 - t1, irv_t,
       "winner agrees" if winners == [irv["winner"]] else f"WINNER DIFFERS: {winners}")

# votekit: exact STV (Fraction weights), Droop quota floor(W/(k+1))+1, fractional (inclusive
# Gregory) transfers; simultaneous=False elects one candidate per round (the largest), like the
# Order's largest-surplus-first. It raises on a tie (tiebreak=None) rather than guess.
from votekit.ballot import RankBallot
from votekit.pref_profile import RankProfile
from votekit.elections import STV
t0 = time.perf_counter()
vk_profile = RankProfile(ballots=[RankBallot(ranking=tuple(frozenset({c}) for c in rk), weight=w)
                                  for rk, w in zip(rankings, weights)], candidates=ids)
t1 = time.perf_counter()
try:
    election = STV(vk_profile, n_seats=10, exact=True, simultaneous=False)
    vk = [c for s in election.get_elected() for c in sorted(s)]
    agree = ("same elected, same order" if vk == exact["elected"] else
             "same elected set, other order" if set(vk) == set(exact["elected"]) else f"ELECTED DIFFER: {vk}")
except ValueError as e:
    vk, agree = None, f"no result: {e}"
t2 = time.perf_counter()
report("votekit STV exact, 10 seats", t1 - t0, t2 - t1, exact_t, agree)

# stvpoll: Scottish STV as its authors read it: each paper's multiplier rounded half-even to 5
# decimals (the Order truncates), every candidate over the quota elected in the same round and
# their surpluses moved together. allow_random=False: ties by history only.
from stvpoll.scottish_stv import calculate_scottish_stv
t0 = time.perf_counter()
data = [(tuple(rk), w) for rk, w in zip(rankings, weights)]
t1 = time.perf_counter()
result = calculate_scottish_stv(ids, data, 10, allow_random=False)
t2 = time.perf_counter()
sp = list(result)
note = f"{len(sp)} elected for 10 seats; " if len(sp) != 10 else ""
if sp[:10] == scot["elected"]:
    agree = note + "same elected, same order" + (" (its first 10)" if note else "")
elif set(sp[:10]) == set(scot["elected"]):
    agree = note + "same elected set, other order"
else:
    agree = note + f"ELECTED DIFFER: {sp}"
most = max(sum(r.votes.values()) for r in result.rounds) if result.rounds else 0
report("stvpoll Scottish STV, 10 seats", t1 - t0, t2 - t1, scot_t, agree)
print(f"  stvpoll: quota {result.quota}, W {W}; the largest total of votes it shows in a round: {float(most):.5f}")
PY
