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
source scripts/lib.sh
root=$PWD
port=${PORT:-8098}
out=${OUT:-docs/voter-guide.png}
width=${WIDTH:-420}
height=${HEIGHT:-1800}

command -v chromium >/dev/null || { echo "chromium is missing: apt-get install -y chromium" >&2; exit 1; }
bin=$(endorse_binary)

tmp=$(mktemp -d)
export ENDORSE_HOME=$tmp/home
export DATABASE_URL=
server=
cleanup() {
    stop_server "$server"
    remove_cluster "$bin"
    rm -rf "$tmp"
}
trap cleanup EXIT

echo "demo into $tmp/demo-out" >&2
"$bin" demo --out "$tmp/demo-out" >/dev/null

demo_url=$(demo_database_url "$bin")

"$bin" serve --database-url "$demo_url" --host 127.0.0.1 --port "$port" >"$tmp/serve.log" 2>&1 &
server=$!
wait_healthy "$port" "$server" "$tmp/serve.log"

mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --screenshot="$root/$out" --window-size="$width,$height" \
    "http://127.0.0.1:$port/slate/sample-2026" 2>"$tmp/chromium.log" || { cat "$tmp/chromium.log" >&2; exit 1; }
echo "wrote $out ($(stat -c %s "$root/$out") bytes)" >&2
