#!/usr/bin/env bash
# Faults under load (issue 13): 32 org clients cast ballots with Idempotency-Keys (retrying on 503
# and connection errors with the same key and body) while, in turn, the service is killed with
# SIGKILL and restarted, PostgreSQL is killed with SIGKILL and restarted (`endorse db start`),
# and PostgreSQL is frozen with SIGSTOP for FREEZE seconds, then SIGCONT. ROUNDS times.
#
#   scripts/faults.sh                         # ROUNDS=3 ORGS=32 TIMEOUT=3 FREEZE=10
#   ROUNDS=1 scripts/faults.sh                # the short run
#   ENDORSE_BIN=.build/debug/endorse scripts/faults.sh   # a given binary (no build)
#
# Afterwards it checks, and prints the figures:
# - lost: every 2xx answer's (org, race, version) is in the database with that ballot, and the
#   receipt recomputed from the stored row is the one the client got;
# - doubled: each (org, race) has exactly as many ballot versions as keys acknowledged for it
#   (a retried key never made a second version), numbered 1..N;
# - answered: every request to a running service got 2xx or 503 within ENDORSE_DB_TIMEOUT plus
#   SLACK seconds; connection errors are counted apart and allowed only while the service was
#   down (killed, until it answered /healthz again);
# - `endorse audit verify` intact.
# Needs: python3, curl, psql (postgresql-client), pgrep.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
root=$PWD
rounds=${ROUNDS:-3}
orgs=${ORGS:-32}
timeout=${TIMEOUT:-3}
slack=${SLACK:-1}
freeze=${FREEZE:-10}
gap=${GAP:-8}
port=${PORT:-8735}

for tool in python3 curl psql pgrep; do
    command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done
bin=$(endorse_binary)

tmp=$(mktemp -d)
export ENDORSE_HOME=$tmp/home DATABASE_URL= ENDORSE_ACTOR=faults
server=
client=
frozen=()
events=$tmp/events.jsonl
event() { python3 -c 'import json,sys,time; print(json.dumps({"event": sys.argv[1], "at": time.time()}))' "$1" >>"$events"; }
cleanup() {
    [[ ${#frozen[@]} -gt 0 ]] && kill -CONT "${frozen[@]}" 2>/dev/null || true
    [[ -n $client ]] && kill "$client" 2>/dev/null || true
    stop_server "$server"
    remove_cluster "$bin"
    [[ -z ${KEEP:-} ]] && rm -rf "$tmp" || echo "kept $tmp" >&2
}
trap cleanup EXIT

cat >"$tmp/faults.yaml" <<'YAML'
id: faults
name: Faults
election_date: 2026-11-03
coalition: {name: Faults Coalition, url: "https://example.org"}
rules: {min_overall_score: 0, require_complete: false}
races:
  - {id: r1, name: Race 1, method: irv}
  - {id: r2, name: Race 2, method: irv}
platform:
  - {id: p1, title: Plank 1, weight: 1}
questionnaire:
  - {id: q-yn, text: Yes or no?, kind: yes_no, planks: [{plank: p1, favors: "yes"}]}
YAML
{ echo "id,name,weight,contact_email"; for i in $(seq 1 "$orgs"); do echo "org-$i,Org $i,$(( i % 5 + 1 )),"; done; } >"$tmp/orgs.csv"
{ echo "id,race,name,ballot_name,incumbent,email,website"
  for r in r1 r2; do for c in a b c d; do echo "c-$r-$c,$r,Candidate $r $c,,,,"; done; done; } >"$tmp/candidates.csv"
{ echo "candidate_id,q-yn"; for r in r1 r2; do for c in a b c d; do echo "c-$r-$c,yes"; done; done; } >"$tmp/answers.csv"

"$bin" cycle load "$tmp/faults.yaml" >/dev/null
"$bin" org import "$tmp/orgs.csv" >/dev/null
"$bin" candidate import --cycle faults "$tmp/candidates.csv" >/dev/null
"$bin" answers import --cycle faults "$tmp/answers.csv" >/dev/null
"$bin" vote open --cycle faults --all >/dev/null
for i in $(seq 1 "$orgs"); do
    printf 'org-%s\t%s\n' "$i" "$("$bin" token create --role org --org "org-$i" --name "faults-$i" | tail -n 1)"
done >"$tmp/tokens.tsv"
url=$("$bin" db url)
data=$(sed -n 's/.*"data_directory" *: *"\(.*\)".*/\1/p' "$ENDORSE_HOME/cluster.json")

start_server() {
    ENDORSE_PORT=$port ENDORSE_DB_TIMEOUT=$timeout "$bin" serve >>"$tmp/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 1 200); do
        curl -fs -m 1 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "the service did not come up" >&2; tail -n 20 "$tmp/serve.log" >&2; return 1
}
postmaster() { head -n 1 "$data/postmaster.pid"; }
wait_healthy() {
    for _ in $(seq 1 300); do
        curl -fs -m 1 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "the service did not recover" >&2; return 1
}

start_server
event service_up
# Requests may get 2xx or 503 only; the clients' own timeout is the bound they are checked against.
python3 scripts/faults_client.py --url "http://127.0.0.1:$port" --tokens "$tmp/tokens.tsv" --cycle faults \
    --races r1,r2 --candidates "c-RACE-a,c-RACE-b,c-RACE-c,c-RACE-d" --stop "$tmp/stop" \
    --out "$tmp/report.json" --timeout "$((timeout + slack))" >"$tmp/client.log" 2>&1 &
client=$!
sleep "$gap"
faults=0
for round in $(seq 1 "$rounds"); do
    echo "round $round: SIGKILL the service, restart it"
    event service_kill; kill -KILL "$server"; wait "$server" 2>/dev/null || true
    sleep 1
    start_server; event service_up; faults=$((faults + 1))
    sleep "$gap"

    echo "round $round: SIGKILL PostgreSQL's postmaster, restart it with endorse db start"
    pm=$(postmaster); event pg_kill; kill -KILL "$pm"
    # The backends exit on their own once the postmaster is gone; wait for them, then start.
    for _ in $(seq 1 100); do pgrep -P "$pm" >/dev/null || break; sleep 0.1; done
    sleep 2
    "$bin" db start >/dev/null; event pg_up; faults=$((faults + 1))
    wait_healthy
    sleep "$gap"

    echo "round $round: SIGSTOP every PostgreSQL process for ${freeze}s, then SIGCONT"
    pm=$(postmaster); frozen=("$pm" $(pgrep -P "$pm" || true))
    event pg_freeze; kill -STOP "${frozen[@]}"
    sleep "$freeze"
    kill -CONT "${frozen[@]}"; frozen=(); event pg_thaw; faults=$((faults + 1))
    wait_healthy
    sleep "$gap"
done
touch "$tmp/stop"
wait "$client"; client=
kill -0 "$server" 2>/dev/null || { echo "the service died on its own" >&2; exit 1; }

# The database's view: every ballot version of the race, one JSON line each.
psql -Atq "$url" -c "SELECT json_build_object('org', org, 'race', race, 'version', version, 'kind', kind,
    'ranking', ranking, 'current', current) FROM ballots WHERE cycle = 'faults' ORDER BY org, race, version" >"$tmp/ballots.jsonl"
"$bin" audit verify >"$tmp/audit.txt" 2>&1 && audit=intact || audit=BROKEN

python3 - "$tmp/report.json" "$tmp/ballots.jsonl" "$events" "$timeout" "$slack" "$faults" "$audit" <<'PY'
import collections, hashlib, json, sys
report = json.load(open(sys.argv[1]))
rows = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
events = [json.loads(l) for l in open(sys.argv[3])]
timeout, slack, faults, audit = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
acks = [a for a in report["acks"] if a.get("status") and 200 <= a["status"] < 300]
refused = [a for a in report["acks"] if a.get("status") and not 200 <= a["status"] < 300]
gave_up = [a for a in report["acks"] if a.get("gave_up")]
stored = {(r["org"], r["race"], r["version"]): r for r in rows}

def canonical(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

def ballot_of(row):
    return {"ranking": row["ranking"]} if row["kind"] == "ranking" else {row["kind"]: True}

lost = []
for a in acks:
    row = stored.get((a["org"], a["race"], a["version"]))
    ballot = a["ballot"]
    if row is None or ballot_of(row) != ballot:
        lost.append(a); continue
    signed = {"ballot": ballot_of(row), "cycle": "faults", "org": a["org"], "race": a["race"], "version": a["version"]}
    if hashlib.sha256(canonical(signed)).hexdigest() != a["receipt"]:
        lost.append(a)
keys = collections.defaultdict(set)
for a in acks:
    keys[(a["org"], a["race"])].add(a["key"])
versions = collections.defaultdict(list)
for r in rows:
    versions[(r["org"], r["race"])].append(r["version"])
doubled = 0
for k in set(keys) | set(versions):
    got = sorted(versions.get(k, []))
    if got != list(range(1, len(got) + 1)) or len(got) != len(keys.get(k, ())):
        doubled += abs(len(got) - len(keys.get(k, ()))) or 1
# Service-down windows: from each kill to the next service_up (plus a second for the listener).
down, start = [], None
for e in events:
    if e["event"] == "service_kill": start = e["at"]
    if e["event"] == "service_up" and start is not None: down.append((start, e["at"] + 1)); start = None
attempts = report["attempts"]
outcomes = collections.Counter(x["outcome"] for x in attempts)
late = [x for x in attempts if x["outcome"] not in ("connection",) and x["seconds"] > timeout + slack]
timeouts = [x for x in attempts if x["outcome"] == "timeout"]
conn_outside = [x for x in attempts if x["outcome"] == "connection"
                and not any(s - 0.5 <= x["at"] - x["seconds"] <= u or s <= x["at"] <= u for s, u in down)]
other = [x for x in attempts if x["outcome"] not in ("connection", "timeout", "503") and not x["outcome"].startswith("2")]
slowest = max((x["seconds"] for x in attempts if x["outcome"] not in ("connection", "timeout")), default=0)
print(f"requests: {len(attempts)} ({', '.join(f'{k}: {v}' for k, v in sorted(outcomes.items()))})")
print(f"ballots acknowledged: {len(acks)}; in the database: {len(rows)} versions; "
      f"refused (4xx): {len(refused)}; gave up retrying: {len(gave_up)}")
print(f"faults survived: {faults}; lost: {len(lost)}; doubled: {doubled}; "
      f"late or unanswered (> {timeout + slack:g} s): {len(late) + len(timeouts)}; slowest answer: {slowest:.2f} s; "
      f"connection errors while the service was up: {len(conn_outside)}; other statuses: {len(other)}; audit chain: {audit}")
bad = lost or doubled or late or timeouts or conn_outside or other or refused or gave_up or audit != "intact"
for a in (lost + refused + gave_up)[:10]: print("  ", json.dumps(a)[:300])
for x in (late + timeouts + conn_outside + other)[:10]: print("  ", json.dumps(x))
print("faults: " + ("FAILED" if bad else "passed"))
sys.exit(1 if bad else 0)
PY
