#!/usr/bin/env bash
# Adds an EF Core migration with the same name for every database provider, so their migrations stay in step.
# Each provider has its own context (TaskDesk.Data/<Provider>/) with a design-time factory, and its own Migrations/<Provider>.
# Usage: bash scripts/add-migration.sh <Name>
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer PostgreSql; do
  # No --no-build: after the first provider's migration the assembly must be rebuilt, or the next one is made from stale code.
  dotnet ef migrations add "$name" --project TaskDesk.Data --startup-project TaskDesk.Data \
    --context "${provider}TaskDeskDbContext" --output-dir "Migrations/${provider}"
done
