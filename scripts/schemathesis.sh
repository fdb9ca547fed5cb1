#!/usr/bin/env bash
# schemathesis (PyPI) against openapi.yaml and a running `endorse serve` (issue 13): every
# response must be one the document allows (status, content type, headers, body schema), no
# response may be a 5xx, and the service must still be up at the end.
#
#   scripts/schemathesis.sh                    # full run: MAX_EXAMPLES=300 per operation and token
#   QUICK=1 scripts/schemathesis.sh            # the CI run: MAX_EXAMPLES=25
#   ENDORSE_BIN=.build/debug/endorse scripts/schemathesis.sh   # a given binary (no build)
#
# Setup on a throwaway ENDORSE_HOME (its own managed cluster): `endorse demo` runs the whole
# sample cycle (config/) up to a published slate in the database endorse_demo; district-1 (irv)
# and at-large (approval) are reopened so the ballot routes meet an open race; one staff token
# and one org token (org-stu-local-1). The service then serves endorse_demo, and schemathesis
# runs every phase (examples, coverage, fuzzing, stateful) once per token. The document's
# examples name sample-2026, district-1 and c-ana-ruiz, so generated requests reach real rows.
# Needs: python3 with schemathesis (pip install schemathesis), curl.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
port=${PORT:-8734}
if [[ -n ${QUICK:-} ]]; then examples=${MAX_EXAMPLES:-25}; else examples=${MAX_EXAMPLES:-300}; fi

command -v schemathesis >/dev/null || { echo "schemathesis is missing (python3 -m pip install schemathesis)" >&2; exit 1; }
if [[ -n ${ENDORSE_BIN:-} ]]; then
    bin=$ENDORSE_BIN
else
    swift build --product endorse >/dev/null
    bin=$(swift build --show-bin-path)/endorse
fi

tmp=$(mktemp -d)
export ENDORSE_HOME=$tmp/home DATABASE_URL= ENDORSE_ACTOR=schemathesis
server=
cleanup() {
    if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server"; wait "$server" || true; fi
    local data=
    [[ -f $ENDORSE_HOME/cluster.json ]] && data=$(sed -n 's/.*"data_directory" *: *"\(.*\)".*/\1/p' "$ENDORSE_HOME/cluster.json")
    DATABASE_URL= "$bin" db stop >/dev/null 2>&1 || true
    [[ -n $data ]] && rm -rf "$(dirname "$data")"
    rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" demo --out "$tmp/demo-out" --config "$root/config" >"$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; exit 1; }
# The demo's database on the same managed cluster.
DATABASE_URL=$("$bin" db url | sed 's#^postgresql:///endorse?#postgresql:///endorse_demo?#')
export DATABASE_URL
for race in district-1 at-large; do
    "$bin" vote reopen --cycle sample-2026 --race $race --reason "schemathesis: ballot routes need an open race" >/dev/null
done
staff=$("$bin" token create --role staff --name st-staff | tail -n 1)
org=$("$bin" token create --role org --org org-stu-local-1 --name st-org | tail -n 1)

ENDORSE_PORT=$port ENDORSE_DB_TIMEOUT=${ENDORSE_DB_TIMEOUT:-5} "$bin" serve >"$tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

status=0
for who in staff org; do
    token=$staff; [[ $who == org ]] && token=$org
    echo "== schemathesis, $who token, up to $examples examples per operation"
    # positive_data_acceptance expects 2xx for every body the schema allows; a ballot naming a
    # candidate not on the race's ballot is schema-valid and rightly refused (400), so it is left out.
    # Run from $tmp: schemathesis keeps its example database in the current folder.
    (cd "$tmp" && SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH="$root/scripts${PYTHONPATH:+:$PYTHONPATH}" \
    schemathesis run "$root/openapi.yaml" --url "http://127.0.0.1:$port" -H "Authorization: Bearer $token" \
        --checks all --exclude-checks positive_data_acceptance --max-examples "$examples" --workers 2 \
        --seed "${SEED:-20261203}" --request-timeout 20 --no-color \
        --report har --report-har-path "$tmp/$who.har" >"$tmp/$who.out" 2>&1) || status=1
    # The summary, and on failure what failed (errors and failures, before the warnings).
    awk '/^=+ (ERRORS|FAILURES) =+$/ { show = 1 } /^=+ (WARNINGS|SUMMARY) =+$/ { show = 0 } show' "$tmp/$who.out" | head -150
    sed -n '/^=* SUMMARY =*$/,$p' "$tmp/$who.out" | grep -v '^$\|HAR:\|Reports:\|run `st explain'

    if python3 - "$tmp/$who.har" "$who" <<'PY'
import json, sys, collections
entries = json.load(open(sys.argv[1]))["log"]["entries"]
by = collections.Counter(e["response"]["status"] for e in entries)
errors = sum(n for s, n in by.items() if s >= 500 or s == 0)
print(f"figures ({sys.argv[2]} token): requests {len(entries)}, server errors {errors}, statuses "
      + ", ".join(f"{s}: {n}" for s, n in sorted(by.items())))
sys.exit(1 if errors else 0)
PY
    then :; else status=1; fi
done

if ! kill -0 "$server" 2>/dev/null; then echo "the service is gone (crashed)" >&2; status=1; fi
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the service no longer answers /healthz" >&2; status=1; }
if grep -q '"request failed"\|request failed' "$tmp/serve.log"; then
    echo "the service logged failed requests:" >&2; grep 'request failed' "$tmp/serve.log" | head -20 >&2; status=1
fi
"$bin" audit verify >/dev/null || { echo "audit verify failed after the run" >&2; status=1; }
# One closing line in the form CI reads: test cases passed and failed over both runs.
passed=$(cat "$tmp"/staff.out "$tmp"/org.out | sed -n 's/.*generated, \([0-9][0-9]*\) passed.*/\1/p' | awk '{ n += $1 } END { print n + 0 }')
failed=$(cat "$tmp"/staff.out "$tmp"/org.out | sed -n 's/.*found \([0-9][0-9]*\) unique failure.*/\1/p' | awk '{ n += $1 } END { print n + 0 }')
[[ $status == 0 || $failed != 0 ]] || failed=1
echo "schemathesis: $passed passed, $failed failed"
exit $status
