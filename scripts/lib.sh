# Shared by the scripts that run endorse on a throwaway ENDORSE_HOME (bench-http.sh,
# bench-static.sh, faults.sh, screenshot-guide.sh). Source it after `set -euo pipefail`; it only defines functions.

# endorse_binary [release]: the endorse binary to run: $ENDORSE_BIN when set, else one built
# now (a release build when asked).
endorse_binary() {
    if [[ -n ${ENDORSE_BIN:-} ]]; then echo "$ENDORSE_BIN"; return; fi
    local flags=()
    [[ ${1:-} == release ]] && flags=(-c release)
    swift build "${flags[@]}" --product endorse >/dev/null
    echo "$(swift build "${flags[@]}" --show-bin-path)/endorse"
}

# stop_server PID: SIGTERM, then wait for it (nothing when it is not running).
stop_server() {
    if [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; then kill -TERM "$1"; wait "$1" 2>/dev/null || true; fi
}

# remove_cluster BIN: stops $ENDORSE_HOME's managed cluster and removes its folder (which, run as
# root, lives outside the home, in /var/lib/endorse); with KEEP set it is only stopped.
remove_cluster() {
    local data=
    [[ -f $ENDORSE_HOME/cluster.json ]] && data=$(sed -n 's/.*"data_directory" *: *"\(.*\)".*/\1/p' "$ENDORSE_HOME/cluster.json")
    "$1" db stop >/dev/null 2>&1 || true
    if [[ -n $data && -z ${KEEP:-} ]]; then rm -rf "$(dirname "$data")"; fi
}

# demo_database_url BIN: the URL of the database `endorse demo` fills (`endorse_demo`, beside the
# `endorse` database that `endorse db url` names).
demo_database_url() {
    local url
    url=$("$1" db url)
    echo "${url/\/endorse\?/\/endorse_demo?}"
}

# wait_healthy PORT PID LOG: waits (up to 20 s) until the server on PORT answers /healthz; exits
# with its log when it died, or did not answer.
wait_healthy() {
    for _ in $(seq 1 200); do
        curl -fsS "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
        kill -0 "$2" 2>/dev/null || { cat "$3" >&2; exit 1; }
        sleep 0.1
    done
    echo "the server on port $1 did not answer /healthz; its log:" >&2
    cat "$3" >&2
    exit 1
}
