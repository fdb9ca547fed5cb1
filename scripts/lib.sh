# Shared by the scripts that run endorse on a throwaway ENDORSE_HOME (bench-http.sh,
# bench-static.sh, faults.sh). Source it after `set -euo pipefail`; it only defines functions.

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
