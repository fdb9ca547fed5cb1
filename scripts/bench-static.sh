#!/usr/bin/env bash
# Published pages at static-file speed (issue 14): in one run, `wrk -t2 -c64` against
# `endorse serve` (release build) and against nginx (`worker_processes auto`, config/nginx-site.conf)
# serving the static site `endorse slate publish --site` wrote from the same slate: the voter guide
# HTML without and with gzip, and the slate JSON. First checks that both send the same bytes.
# Not run in CI. Needs: wrk, nginx, curl (apt-get install -y wrk nginx curl).
#
#   flock /tmp/endorse-build.lock scripts/bench-static.sh    # DURATION=10 CONNECTIONS=64
#   ENDORSE_BIN=/path/to/endorse scripts/bench-static.sh       # a given binary (no build)
#
# Data: `endorse demo` (the bundled sample cycle, published as v1) on a throwaway ENDORSE_HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
root=$PWD
duration=${DURATION:-10}
connections=${CONNECTIONS:-64}
port=${PORT:-8097}
nginx_port=${NGINX_PORT:-8096}

for tool in wrk nginx curl cmp; do
    command -v $tool >/dev/null || { echo "$tool is missing (apt-get install -y wrk nginx curl)" >&2; exit 1; }
done
bin=$(endorse_binary release)

tmp=$(mktemp -d)
chmod 755 "$tmp"   # nginx workers (www-data) read the site
export ENDORSE_HOME=$tmp/home DATABASE_URL=
server=
cleanup() {
    stop_server "$server"
    [[ -f $tmp/nginx.pid ]] && kill -QUIT "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
    remove_cluster "$bin"
    rm -rf "$tmp"
}
trap cleanup EXIT

echo "demo and static site into $tmp" >&2
"$bin" demo --out "$tmp/demo-out" >/dev/null
demo_url=$(demo_database_url "$bin")
"$bin" slate publish --cycle sample-2026 --out "$tmp/demo-out" --site "$tmp/site" \
    --key "$ENDORSE_HOME/demo-keys/coalition.sec" --database-url "$demo_url" >/dev/null

"$bin" serve --database-url "$demo_url" --host 127.0.0.1 --port "$port" >"$tmp/serve.log" 2>&1 &
server=$!
mkdir -p "$tmp"/{body,proxy,fastcgi,uwsgi,scgi}
sed -e "s|@ROOT@|$tmp/site|g" -e "s|@PORT@|$nginx_port|g" -e "s|@TMP@|$tmp|g" \
    config/nginx-site.conf >"$tmp/nginx.conf"
nginx -p "$tmp" -c "$tmp/nginx.conf"
wait_healthy "$port" "$server" "$tmp/serve.log"

guide=/slate/sample-2026
json=/v1/cycles/sample-2026/slate
# Byte identity: every published path, as sent (gzip bodies compared compressed).
for path in $guide /slate/sample-2026.en.html /slate/sample-2026.es.html $json $json.sig \
            /v1/cycles/sample-2026/coalition.pub; do
    for enc in identity gzip; do
        for side in "a $port" "b $nginx_port"; do
            set -- $side
            curl -fsS -H "Accept-Encoding: $enc" -o "$tmp/$1" "http://127.0.0.1:$2$path" \
                || { echo "GET $path on port $2 failed" >&2; exit 1; }
        done
        cmp -s "$tmp/a" "$tmp/b" || { echo "DIFFERENT: $path ($enc)" >&2; exit 1; }
    done
done
echo "byte identity: every path, identity and gzip: same bytes from endorse and nginx" >&2
guide_size=$(curl -fsS -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port$guide")
gz_size=$(curl -fsS -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port$guide")
json_size=$(curl -fsS -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port$json")

# One wrk run: prints "req/s p50 p99 [errors]".
run() { # port path [header]
    local out
    if [[ -n ${3:-} ]]; then
        out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "$3" "http://127.0.0.1:$1$2")
    else
        out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$1$2")
    fi
    echo "$out" >>"$tmp/wrk.log"
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ' ' || true)
    echo "$rps $p50 $p99 ${errors:-}"
}

echo "| what | endorse serve req/s | p50 | p99 | nginx req/s | p50 | p99 | ratio |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
row() { # label path [header]
    local e n
    e=($(run "$port" "$2" "${3:-}"))
    n=($(run "$nginx_port" "$2" "${3:-}"))
    local ratio
    ratio=$(awk -v a="${e[0]}" -v b="${n[0]}" 'BEGIN { printf "%.0f%%", 100 * a / b }')
    echo "| $1 | ${e[0]} | ${e[1]} | ${e[2]} | ${n[0]} | ${n[1]} | ${n[2]} | $ratio |"
    [[ ${#e[@]} -gt 3 || ${#n[@]} -gt 3 ]] && echo "errors: endorse: ${e[*]:3} nginx: ${n[*]:3}" >&2
    return 0
}
row "\`GET $guide\` (guide, $guide_size bytes)" "$guide"
row "\`GET $guide\`, gzip ($gz_size bytes)" "$guide" "Accept-Encoding: gzip"
row "\`GET $json\` (slate JSON, $json_size bytes)" "$json"
echo "wrk -t2 -c$connections -d${duration}s --latency; $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
[[ -n ${WRK_LOG:-} ]] && cp "$tmp/wrk.log" "$WRK_LOG"
true
