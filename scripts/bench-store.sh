#!/usr/bin/env bash
# Store benchmark (issue 3, "Performance"): answers import and scoring at 100,000 candidates x 40
# questions on the managed local PostgreSQL, each compared with psql doing the bare database work.
#
#   import: `endorse answers import` (parse + check every cell, COPY into a temp table, diff
#           against current answers, INSERT the new versions, one audit event, commit) vs
#           `psql \copy answers (cycle, candidate, question, version, value, current, source, actor)
#           FROM file` of the very rows endorse wrote (exported with \copy (SELECT ...) TO, then
#           answers + reviews TRUNCATEd), into the same table with the same indexes and FKs.
#   score:  `endorse score --format json > /dev/null` (load cycle, read candidates, answers,
#           reviews, score, render JSON) vs `psql -At -c "SELECT candidate, question, value FROM
#           answers WHERE cycle = 'bench-answers' AND current" > /dev/null`.
# Each timed command runs under /usr/bin/time (wall, user+sys CPU, peak RSS).
# Usage: scripts/bench-store.sh [--skip-build] [CANDIDATES [QUESTIONS]]
# SKIP_IMPORT_BENCH=1 imports the answers untimed and skips the import comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--skip-build" ]]; then shift; else swift build -c release --product endorse; fi
CANDIDATES=${1:-100000}
QUESTIONS=${2:-40}
BIN=$(swift build -c release --show-bin-path)/endorse
WORK=$(mktemp -d /tmp/endorse-bench-store.XXXXXX)
export ENDORSE_HOME="$WORK/home"
cleanup() { "$BIN" db stop >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

# timed NAME CMD...: runs CMD, prints and records "wall cpu rss_kb" for NAME.
timed() {
    local name=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/$name.time" "$@"
    read -r wall user sys rss < "$WORK/$name.time"
    cpu=$(python3 -c "print(f'{$user + $sys:.2f}')")
    printf '%-8s %8.2f s wall %8s s CPU (user %s, sys %s) %8d MB peak RSS\n' \
        "$name" "$wall" "$cpu" "$user" "$sys" "$((rss / 1024))"
    echo "$wall $cpu" > "$WORK/$name.t"
}
ratio() { python3 -c "a=open('$WORK/$1.t').read().split(); b=open('$WORK/$2.t').read().split(); print(f'{float(a[0])/float(b[0]):.2f}x wall, {float(a[1])/max(float(b[1]),0.01):.2f}x CPU (client process)')"; }

echo "== machine: $(nproc) cores, $(uname -srm), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "== data: $CANDIDATES candidates x $QUESTIONS questions"
python3 scripts/gen-bench-data.py answers "$WORK/data" "$CANDIDATES" "$QUESTIONS"
ls -l "$WORK/data"
"$BIN" db start >/dev/null
URL=$("$BIN" db url)
"$BIN" cycle load "$WORK/data/bench.yaml" >/dev/null
"$BIN" candidate import --cycle bench-answers "$WORK/data/candidates.csv" >/dev/null
psql -q "$URL" -c "CHECKPOINT" >/dev/null

echo "== import"
if [[ -n "${SKIP_IMPORT_BENCH:-}" ]]; then
    # Quick runs of the score part: import untimed, no psql \copy comparison.
    "$BIN" answers import --cycle bench-answers "$WORK/data/answers.csv" >/dev/null
    echo "(skipped: SKIP_IMPORT_BENCH is set)"
else
    timed endorse "$BIN" answers import --cycle bench-answers "$WORK/data/answers.csv"
    COLS="cycle, candidate, question, version, value, current, source, actor"
    ROWS=$(psql -At "$URL" -c "SELECT count(*) FROM answers")
    psql -q "$URL" -c "\\copy (SELECT $COLS FROM answers ORDER BY id) TO '$WORK/answers.copy'"
    psql -q "$URL" -c "TRUNCATE answers, reviews" -c "CHECKPOINT"
    timed psql psql -q "$URL" -c "\\copy answers ($COLS) FROM '$WORK/answers.copy'"
    echo "rows: $ROWS answers; copy file $(stat -c %s "$WORK/answers.copy") bytes"
    echo "import: endorse / psql \\copy = $(ratio endorse psql)  (goal <= 2x wall)"
fi

echo "== score"
psql -q "$URL" -c "VACUUM ANALYZE answers" >/dev/null
# warm the cache once for both sides
psql -At "$URL" -c "SELECT candidate, question, value FROM answers WHERE cycle = 'bench-answers' AND current" > /dev/null
timed score sh -c "'$BIN' score --cycle bench-answers --format json > /dev/null"
timed select sh -c "psql -At '$URL' -c \"SELECT candidate, question, value FROM answers WHERE cycle = 'bench-answers' AND current\" > /dev/null"
echo "score: endorse score / bare SELECT = $(ratio score select)  (goal <= 2x wall)"
