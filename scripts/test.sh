#!/usr/bin/env bash
# Runs every TaskDesk test on a fresh machine: installs what the tests need when it is missing
# (Debian's Chromium for the browser tests, Debian's aiosmtpd as the email tests' SMTP server), checks formatting, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)
# The email tests run Debian's aiosmtpd with Debian's own Python (another python3 may come first on PATH).
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dotnet tool restore >/dev/null
dotnet build TaskDesk.sln -nologo -v quiet
dotnet format TaskDesk.sln --verify-no-changes --no-restore

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test TaskDesk.sln --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line for whoever reads the log: "N passed, N failed, N skipped".
summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1 || true)
if [[ $summary =~ Failed:[[:space:]]+([0-9]+),[[:space:]]+Passed:[[:space:]]+([0-9]+),[[:space:]]+Skipped:[[:space:]]+([0-9]+) ]]; then
  echo "Tests: ${BASH_REMATCH[2]} passed, ${BASH_REMATCH[1]} failed, ${BASH_REMATCH[3]} skipped"
fi
exit $status
