#!/usr/bin/env bash
# The long load and chaos runs (about 15 minutes on a 2-core machine); writes tests/Load/Reports/latest.md, with
# each run's CSV and JSON in tests/Load/Reports/runs/. Everything runs on this machine, on free loopback ports.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/prerequisites.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build tests/Load/Load.csproj -c Release -nologo -clp:ErrorsOnly
dotnet run -c Release --no-build --project tests/Load -- report "${1:-tests/Load/Reports/latest.md}"
