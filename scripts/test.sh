#!/usr/bin/env bash
# Runs every TaskDesk test on a fresh machine: installs what the tests need when it is missing (Debian's Chromium for
# the browser tests, Debian's aiosmtpd as the email tests' SMTP server, Debian's PostgreSQL as the server database),
# checks formatting, runs the whole suite on SQLite, then the integration tests (and the tests that need a server
# database) again on a PostgreSQL cluster of this run's own, in a temporary folder, removed at the end.
# Extra arguments go to both `dotnet test` runs; a --filter is combined with each run's own.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)
# The email tests run Debian's aiosmtpd with Debian's own Python (another python3 may come first on PATH).
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
[ -x "$(postgres_bin)/initdb" ] || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dotnet tool restore >/dev/null
dotnet build TaskDesk.sln -nologo -v quiet
dotnet format TaskDesk.sln --verify-no-changes --no-restore

# PostgreSQL for this run only: initdb + pg_ctl in a temporary folder, on a free loopback port, no system service.
# initdb refuses to run as root, so as root the cluster belongs to Debian's postgres user.
pg_bin=$(postgres_bin)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/taskdesk-pg-XXXXXX")
sqlite_log=$(mktemp)
postgres_log=$(mktemp)
cleanup() {
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir" "$sqlite_log" "$postgres_log"
}
trap cleanup EXIT
if [ "$(id -u)" -eq 0 ]; then chown postgres "$pg_dir"; fi
pg_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# The cluster lives for one run: durability is off, which makes creating a database per test cheap.
as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w start \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null

user_filter=""
extra=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--filter" ] && [ $# -gt 1 ]; then user_filter=$2; shift 2; else extra+=("$1"); shift; fi
done
with_user_filter() { if [ -n "$user_filter" ]; then echo "($user_filter)&($1)"; else echo "$1"; fi; }

status=0
echo "== Every test, on SQLite"
env -u TASKDESK_TEST_POSTGRES dotnet test TaskDesk.sln --no-build -nologo \
  --filter "$(with_user_filter "Category!=PostgreSql")" "${extra[@]}" 2>&1 | tee "$sqlite_log" || status=$?
echo "== The integration tests, on PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}')"
TASKDESK_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres" dotnet test TaskDesk.sln --no-build -nologo \
  --filter "$(with_user_filter "Category=Integration|Category=PostgreSql")" "${extra[@]}" 2>&1 | tee "$postgres_log" || status=$?

# Plain closing lines for whoever reads the log: each run's counts, then "Tests: N passed, N failed, N skipped" for both.
total=(0 0 0)
for run in "SQLite:$sqlite_log" "PostgreSQL:$postgres_log"; do
  summary=$(grep -E '^(Passed|Failed)!' "${run#*:}" | tail -n 1 || true)
  if [[ $summary =~ Failed:[[:space:]]+([0-9]+),[[:space:]]+Passed:[[:space:]]+([0-9]+),[[:space:]]+Skipped:[[:space:]]+([0-9]+) ]]; then
    echo "${run%%:*}: ${BASH_REMATCH[2]} passed, ${BASH_REMATCH[1]} failed, ${BASH_REMATCH[3]} skipped"
    total=($((total[0] + BASH_REMATCH[2])) $((total[1] + BASH_REMATCH[1])) $((total[2] + BASH_REMATCH[3])))
  elif grep -q "No test matches the given testcase filter" "${run#*:}"; then
    echo "${run%%:*}: no test matches the filter"
  else
    echo "${run%%:*}: no test summary (the run did not finish)"
    status=1
  fi
done
echo "Tests: ${total[0]} passed, ${total[1]} failed, ${total[2]} skipped"
exit $status
