#!/usr/bin/env bash
# A stand-in for sendmail(8) in the browser suite: called as `sendmail -t -i`, it stores the
# message from stdin as one file in $ENDORSE_TEST_MAILDIR (recipients are in its headers).
set -euo pipefail
[[ " $* " == *" -t "* ]] || { echo "fake-sendmail: expected -t" >&2; exit 64; }
dir=${ENDORSE_TEST_MAILDIR:?ENDORSE_TEST_MAILDIR is not set}
mkdir -p "$dir"
file=$(mktemp "$dir/$(date +%s%N).XXXXXX")   # names sort in sending order
cat > "$file"
