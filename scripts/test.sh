#!/usr/bin/env bash
# The project's one test command (README, .ci/run): the Swift suites, then the browser suite.
# ENDORSE_BUILD_LOCK=FILE runs each swift build under `flock FILE` (a shared build machine).
set -euo pipefail
cd "$(dirname "$0")/.."
lock=(${ENDORSE_BUILD_LOCK:+flock "$ENDORSE_BUILD_LOCK"})
"${lock[@]}" swift test "$@"
"${lock[@]}" swift build --product endorse
ENDORSE_BIN="$(swift build --show-bin-path)/endorse" Tests/Browser/run.sh
