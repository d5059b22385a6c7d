#!/usr/bin/env bash
# Runs every test from a fresh clone: restore, build, test. Ends with one line "N passed, N failed".
# Needs the .NET 10 SDK and Node 20; ../shared/corpora must sit beside the repository (real data is never copied in).
set -uo pipefail
cd "$(dirname "$0")/.."

results="$(pwd)/.cache/test-results"
rm -rf "$results" && mkdir -p "$results"

dotnet restore JournalLsp.sln --nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
dotnet build JournalLsp.sln -c Release --no-restore --nologo -v q -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=normal" || status=1
done

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
# A test project that crashed before writing its report still counts as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit $status
