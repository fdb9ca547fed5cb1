#!/usr/bin/env bash
# The browser suite (issues 10 and 11): builds endorse unless ENDORSE_BIN names a binary, then walks
# the candidate pages and the org ballot pages in headless Chromium with pytest. Needs chromium, chromium-driver, msmtp,
# postgresql and Python's selenium, axe-selenium-python, aiosmtpd, pytest (.ci/run installs them).
# ENDORSE_SCREENSHOTS=DIR saves phone-width screenshots of the main pages.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z ${ENDORSE_BIN:-} ]]; then
    ${ENDORSE_BUILD_LOCK:+flock "$ENDORSE_BUILD_LOCK"} swift build --product endorse
    ENDORSE_BIN="$(swift build --show-bin-path)/endorse"
fi
export ENDORSE_BIN
exec python3 -m pytest -p no:cacheprovider -q Tests/Browser "$@"
