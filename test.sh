#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. `.ci/run` calls this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

bash scripts/prerequisites.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PLAYWRIGHT_BROWSERS_PATH="${PLAYWRIGHT_BROWSERS_PATH:-$PWD/.tools/playwright-browsers}"
mkdir -p "$PLAYWRIGHT_BROWSERS_PATH"

dotnet build Platform.sln -c Release -nologo -clp:ErrorsOnly
dotnet test Platform.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
