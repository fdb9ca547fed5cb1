#!/usr/bin/env bash
# Renders the voter guide of the demo (GET /slate/sample-2026) in headless Chromium and writes
# docs/voter-guide.png. Not run in CI.
#
# Runs `endorse demo` on a throwaway ENDORSE_HOME, serves its `endorse_demo` database on the
# loopback, screenshots the page at phone width, then stops the server and the throwaway cluster.
# Needs: chromium (apt-get install -y chromium), curl.
#
#   scripts/screenshot-guide.sh            # PORT=8098 OUT=docs/voter-guide.png by default
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
port=${PORT:-8098}
out=${OUT:-docs/voter-guide.png}
width=${WIDTH:-420}
height=${HEIGHT:-1800}

command -v chromium >/dev/null || { echo "chromium is missing: apt-get install -y chromium" >&2; exit 1; }
swift build --product endorse >/dev/null
bin=$(swift build --show-bin-path)/endorse

tmp=$(mktemp -d)
export ENDORSE_HOME=$tmp/home
export DATABASE_URL=
server=
cleanup() {
    if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server"; wait "$server" || true; fi
    # As root the managed cluster lives outside ENDORSE_HOME: read where, stop it, delete it.
    local data=
    if [[ -f $ENDORSE_HOME/cluster.json ]]; then
        data=$(sed -n 's/.*"data_directory" *: *"\(.*\)".*/\1/p' "$ENDORSE_HOME/cluster.json")
    fi
    "$bin" db stop >/dev/null 2>&1 || true
    [[ -n $data ]] && rm -rf "$(dirname "$data")"
    rm -rf "$tmp"
}
trap cleanup EXIT

echo "demo into $tmp/demo-out" >&2
"$bin" demo --out "$tmp/demo-out" >/dev/null

# `endorse db url` names the database `endorse`; the demo ran in `endorse_demo`.
url=$("$bin" db url)
demo_url=${url/\/endorse\?/\/endorse_demo?}

"$bin" serve --database-url "$demo_url" --host 127.0.0.1 --port "$port" >"$tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
    sleep 0.2
done

mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --screenshot="$root/$out" --window-size="$width,$height" \
    "http://127.0.0.1:$port/slate/sample-2026" 2>"$tmp/chromium.log" || { cat "$tmp/chromium.log" >&2; exit 1; }
echo "wrote $out ($(stat -c %s "$root/$out") bytes)" >&2
