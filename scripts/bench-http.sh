#!/usr/bin/env bash
# HTTP service benchmark (issue 4): ballots per second and p50/p99 latency of
# PUT /v1/cycles/bench/races/r1/ballot at 1, 16 and 64 connections (wrk, loopback), against
# pgbench running a single-row INSERT transaction on the same PostgreSQL server, in the same run.
# Not run in CI. Needs: wrk and pgbench (apt-get install -y wrk postgresql-client), curl, time.
#
#   scripts/bench-http.sh                  # DURATION=10 CLIENTS="1 16 64" ORGS=128 PORT=8099
#   ENDORSE_BIN=/path/to/endorse scripts/bench-http.sh   # measure a given binary (no build), e.g.
#                                          # the previous release, back to back with this one
#
# Setup through the CLI on a throwaway ENDORSE_HOME (its own managed cluster, fsync on): a one-race
# cycle, ORGS member orgs, three candidates with answers, vote open, one org token per org.
# Every request casts or replaces that org's ballot (one transaction + one audit event each).
# The last column is pgbench calling the same SQL function directly (the database's share alone).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
root=$PWD
duration=${DURATION:-10}
clients=${CLIENTS:-1 16 64}
orgs=${ORGS:-128}
port=${PORT:-8099}
pool=${ENDORSE_DB_POOL:-16}

for tool in wrk pgbench curl /usr/bin/time; do
    command -v $tool >/dev/null || { echo "$tool is missing (apt-get install -y wrk postgresql-client curl time)" >&2; exit 1; }
done
bin=$(endorse_binary release)

tmp=$(mktemp -d)
export ENDORSE_HOME=$tmp/home DATABASE_URL= ENDORSE_DB_POOL=$pool
server=
cleanup() {
    stop_server "$server"
    remove_cluster "$bin"
    rm -rf "$tmp"
}
trap cleanup EXIT

cat >"$tmp/bench.yaml" <<'YAML'
id: bench
name: Bench
election_date: 2026-11-03
coalition: {name: Bench Coalition, url: "https://example.org"}
rules: {min_overall_score: 0, require_complete: false}
races:
  - {id: r1, name: Race 1, method: irv}
platform:
  - {id: p1, title: Plank 1, weight: 1}
questionnaire:
  - {id: q-yn, text: Yes or no?, kind: yes_no, planks: [{plank: p1, favors: "yes"}]}
YAML
{ echo "id,name,weight,contact_email"; for i in $(seq 1 "$orgs"); do echo "org-$i,Org $i,1,"; done; } >"$tmp/orgs.csv"
printf 'id,race,name,ballot_name,incumbent,email,website\nc-a,r1,Ana A,,,,\nc-b,r1,Ben B,,,,\nc-c,r1,Cy C,,,,\n' >"$tmp/candidates.csv"
printf 'candidate_id,q-yn\nc-a,yes\nc-b,no\nc-c,yes\n' >"$tmp/answers.csv"

echo "setup: cycle, $orgs orgs, candidates, answers, vote open, $orgs tokens" >&2
"$bin" cycle load "$tmp/bench.yaml" >/dev/null
"$bin" org import "$tmp/orgs.csv" >/dev/null
"$bin" candidate import --cycle bench "$tmp/candidates.csv" >/dev/null
"$bin" answers import --cycle bench "$tmp/answers.csv" >/dev/null
"$bin" vote open --cycle bench --race r1 >/dev/null
for i in $(seq 1 "$orgs"); do
    "$bin" token create --role org --org "org-$i" --name "bench-$i" | grep -v '^$' | tail -n 1
done >"$tmp/tokens.txt"

url=$("$bin" db url)
psql -q "$url" -c "CREATE TABLE bench_insert (id bigserial PRIMARY KEY, org text NOT NULL, body jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())"

# The database's share alone: pgbench calling the ballot function the service calls
# (endorse_write_ballots, sql/004; endorse_api_put_ballots of sql/003 in binaries before it) with
# the same tokens and body, one ballot per call (what the service sends when nothing else
# waits), without HTTP or Swift.
n=0
while read -r t; do
    n=$((n + 1)); printf '%s,\\x%s\n' "$n" "$(printf %s "$t" | sha256sum | cut -d' ' -f1)"
done <"$tmp/tokens.txt" >"$tmp/token-hashes.csv"
psql -q "$url" -c "CREATE TABLE bench_token (n int PRIMARY KEY, sha256 bytea NOT NULL)" \
    -c "\\copy bench_token FROM '$tmp/token-hashes.csv' CSV"
changed=$(psql -Atq "$url" -c "SELECT (extract(epoch FROM state_changed_at) * 1000000)::bigint FROM races WHERE cycle = 'bench' AND id = 'r1'")
if [[ $(psql -Atq "$url" -c "SELECT to_regproc('endorse_write_ballots') IS NOT NULL") == t ]]; then
cat >"$tmp/function.sql" <<SQL
\\set n random(1, $orgs)
SELECT outcome FROM endorse_write_ballots('bench', 'r1', 'irv', $changed, 'api', true, ARRAY[(SELECT sha256 FROM bench_token WHERE n = :n)], '{""}', '{""}', '{f}', '{""}', '{t}', '{ranking}', '{"c-a,c-b,c-c"}', '{""}', '{"{\\"ranking\\":[\\"c-a\\",\\"c-b\\",\\"c-c\\"]}"}', '{""}', '{""}', '{"\\\\x"}', '{0}');
SQL
else
cat >"$tmp/function.sql" <<SQL
\\set n random(1, $orgs)
SELECT outcome FROM endorse_api_put_ballots('bench', 'r1', 'irv', $changed, ARRAY[(SELECT sha256 FROM bench_token WHERE n = :n)], '{t}', '{ranking}', '{"c-a,c-b,c-c"}', '{""}', '{"{\\"ranking\\":[\\"c-a\\",\\"c-b\\",\\"c-c\\"]}"}', '{""}', '{""}', '{"\\\\x"}');
SQL
fi
[[ $(sed -e 1d -e "s/:n/$orgs/" "$tmp/function.sql" | psql -Atq "$url") == ok ]] \
    || { echo "the ballot function did not answer ok" >&2; exit 1; }

"$bin" serve --host 127.0.0.1 --port "$port" >"$tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
    sleep 0.2
done
# One ballot by hand: the route must answer 201 before anything is measured.
first=$(head -n 1 "$tmp/tokens.txt")
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $first" \
    -H 'Content-Type: application/json' -d '{"ranking": ["c-a"]}' \
    "http://127.0.0.1:$port/v1/cycles/bench/races/r1/ballot")
[[ $code == 201 ]] || { echo "first ballot answered $code" >&2; exit 1; }

# "12.3ms" / "850.00us" / "1.2s" -> milliseconds
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1); $(date -u +%Y-%m-%d)"
echo "server: endorse serve (release), pool $pool, managed PostgreSQL $(psql -Atq "$url" -c 'SHOW server_version') (fsync on), wrk and pgbench on the same machine"
echo "CPU per ballot (µs): the service process, wrk, and the rest of the machine (PostgreSQL, mostly), from /proc over the wrk run"
printf '%-8s %12s %10s %10s %8s %14s %12s %8s %14s %8s %8s %8s\n' clients ballots/s p50_ms p99_ms non2xx pgbench_tps pg_p_avg_ms ratio function_tps svc_us wrk_us rest_us
ticks_of() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_all() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
for c in $clients; do
    threads=$(( c < 2 ? 1 : 2 ))
    svc0=$(ticks_of "$server"); all0=$(ticks_all)
    /usr/bin/time -f '%U %S' -o "$tmp/wrk-time-$c.txt" \
    wrk -t "$threads" -c "$c" -d "${duration}s" --latency -s scripts/bench/ballot.lua \
        "http://127.0.0.1:$port" -- /v1/cycles/bench/races/r1/ballot "$tmp/tokens.txt" "$threads" >"$tmp/wrk-$c.txt"
    svc1=$(ticks_of "$server"); all1=$(ticks_all)
    requests=$(awk '/requests in/ { print $1 }' "$tmp/wrk-$c.txt")
    read -r svc_us wrk_us rest_us < <(awk -v s=$((svc1 - svc0)) -v a=$((all1 - all0)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
        '{ w = $1 + $2; printf "%.0f %.0f %.0f\n", s / hz / n * 1e6, w / n * 1e6, (a / hz - s / hz - w) / n * 1e6 }' "$tmp/wrk-time-$c.txt")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$tmp/wrk-$c.txt")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$tmp/wrk-$c.txt")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$tmp/wrk-$c.txt")")
    bad=$(awk '/Non-2xx or 3xx responses:/ { print $4 }' "$tmp/wrk-$c.txt"); bad=${bad:-0}
    pgbench -n -f scripts/bench/insert.sql -c "$c" -j "$threads" -T "$duration" "$url" >"$tmp/pgbench-$c.txt" 2>&1
    tps=$(awk '/^tps = / { print $3; exit }' "$tmp/pgbench-$c.txt")
    pglat=$(awk '/^latency average = / { print $4 }' "$tmp/pgbench-$c.txt")
    ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.2f", a / b }')
    pgbench -n -f "$tmp/function.sql" -c "$c" -j "$threads" -T "$duration" "$url" >"$tmp/function-$c.txt" 2>&1
    ftps=$(awk '/^tps = / { print $3; exit }' "$tmp/function-$c.txt")
    printf '%-8s %12s %10s %10s %8s %14s %12s %8s %14s %8s %8s %8s\n' "$c" "$rps" "$p50" "$p99" "$bad" "$tps" "$pglat" "$ratio" "$ftps" "$svc_us" "$wrk_us" "$rest_us"
done
pending=$(psql -Atq "$url" -c 'SELECT count(*) FROM audit_pending')
"$bin" audit verify >/dev/null   # seals what is still pending, then checks the whole chain
echo "ballot versions recorded: $(psql -Atq "$url" -c 'SELECT count(*) FROM ballots'), audit events: $(psql -Atq "$url" -c 'SELECT count(*) FROM audit_log') (chain intact; $pending were still pending at the end)"
