#!/usr/bin/env bash
# Installs what is missing, builds, and starts the whole platform on this machine; Ctrl+C stops all of it.
#   PLATFORM_GATEWAY_PORT    the Gateway's port (default 8080; if taken, another is used and printed)
#   PLATFORM_DASHBOARD_PORT  the dashboard's port (default 18888)
#   PLATFORM_DATA_DIR        where Redis, RabbitMQ and PostgreSQL keep their data (default .artifacts/apphost)
# The Aspire dashboard (resources, logs, traces, metrics) is at the URL it prints.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

bash scripts/prerequisites.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
echo "[run] building the AppHost and the services it starts (Release)"
# The AppHost references every service it launches, so this builds exactly what runs (DCP starts each from its build
# output, `dotnet X.dll`); no MSBuild nodes linger.
dotnet build src/AppHost/AppHost.csproj -c Release -nologo -clp:ErrorsOnly -nodeReuse:false

# exec: the AppHost itself receives Ctrl+C and SIGTERM; Aspire then stops every resource and DCP with them.
exec dotnet src/AppHost/bin/Release/net10.0/AppHost.dll "$@"
