#!/usr/bin/env bash
# libFuzzer on endorse's parsers (issue 13; docs/reliability.md). Builds the fuzz package (Fuzz/,
# its own scratch path .build-fuzz, every Swift module instrumented with -sanitize=fuzzer), then
# runs each target one after the other for SECONDS seconds (default 600), seeded from the
# repository's own files, and prints one line per target: runs, executions, crashes, hangs.
#
#   scripts/fuzz.sh                       # every target, 10 minutes each
#   SECONDS_EACH=30 scripts/fuzz.sh json  # one target, 30 s
#   NO_BUILD=1 scripts/fuzz.sh            # reuse the last build
#   FUZZ_SCRATCH=/elsewhere scripts/fuzz.sh  # another scratch path (default .build-fuzz)
#
# Targets: cycle (CycleFile.parse), candidates (CandidatesFile.parse), orgs
# (CatalogStore.parseOrgs), answers (the answers.csv parser), ballots (OfflineBallots.parse and
# load, and the tally), json (JSONValue.parse, canonical round trip, BallotChoice(kindOf:)), slate
# (SlateVerifier.verify). A crash leaves its input in .build-fuzz/runs/<target>/crash-*; an input
# slower than 10 s counts as a hang (timeout-*).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
each=${SECONDS_EACH:-600}
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(cycle candidates orgs answers ballots json slate)
scratch=${FUZZ_SCRATCH:-$root/.build-fuzz}

# Coverage instrumentation for libFuzzer in every Swift module, under AddressSanitizer (which
# -sanitize-coverage needs), and libFuzzer's driver without its main (Fuzz/Package.swift says why).
# The build-time tools run instrumented too: leak reports at their exit would fail the build.
export ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")
fuzzer_lib=$(ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a | head -n 1)
[[ -f $fuzzer_lib ]] || { echo "libclang_rt.fuzzer_no_main not found under $toolchain" >&2; exit 1; }
# Release for speed; -enable-testing because the answers target reaches an internal parser.
flags=(-c release -Xswiftc -enable-testing
       -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
       -Xlinker "$fuzzer_lib" -Xlinker -lstdc++)
if [[ -z ${NO_BUILD:-} ]]; then
    swift build --package-path Fuzz --scratch-path "$scratch" "${flags[@]}" >&2
fi
bin=$(swift build --package-path Fuzz --scratch-path "$scratch" "${flags[@]}" --show-bin-path)/endorse-fuzz

seeds() {
    case $1 in
        cycle) ls config/*.yaml Tests/EndorseCoreTests/Fixtures/cycles/*.yaml ;;
        candidates | orgs | answers) ls config/*.csv ;;
        ballots) ls config/ballots.jsonl ;;
        json) ls config/ballots.jsonl Fuzz/seeds/slate/*.json ;;
        slate) ls Fuzz/seeds/slate/* ;;
    esac
}

status=0
printf '%-11s %8s %12s %10s %8s %6s %8s\n' target seconds executions exec/s crashes hangs corpus
for t in "${targets[@]}"; do
    dir=$scratch/runs/$t
    rm -rf "$dir"; mkdir -p "$dir/corpus"
    for f in $(seeds "$t"); do cp "$f" "$dir/corpus/"; done
    # ballots.jsonl lines and CSV rows are seeds of their own too: small inputs mutate faster.
    if [[ $t == ballots || $t == json ]]; then split -l 1 -a 4 config/ballots.jsonl "$dir/corpus/line-"; fi
    start=$(date +%s)
    set +e
    ENDORSE_FUZZ_TARGET=$t ENDORSE_FUZZ_ROOT=$root "$bin" "$dir/corpus" \
        -max_total_time="$each" -timeout=10 -rss_limit_mb=4096 -max_len=16384 -print_final_stats=1 \
        -artifact_prefix="$dir/" >"$dir/log.txt" 2>&1
    rc=$?
    set -e
    took=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log.txt" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log.txt" | tail -n 1)
    crashes=$(find "$dir" -maxdepth 1 -name 'crash-*' -o -maxdepth 1 -name 'oom-*' | wc -l)
    hangs=$(find "$dir" -maxdepth 1 -name 'timeout-*' | wc -l)
    corpus=$(find "$dir/corpus" -type f | wc -l)
    printf '%-11s %8s %12s %10s %8s %6s %8s\n' "$t" "$took" "${execs:-?}" "${rate:-?}" "$crashes" "$hangs" "$corpus"
    if [[ $rc != 0 || $crashes != 0 || $hangs != 0 ]]; then
        status=1
        echo "  $t: libFuzzer exited $rc; see $dir/log.txt" >&2
        grep -m 5 -E 'ERROR|Fatal error|deadly signal|Test unit written' "$dir/log.txt" >&2 || true
    fi
done
exit $status
