#!/usr/bin/env bash
# Starts CodingAgent on http://127.0.0.1:5000 with its embedded defaults: SQLite and files under
# $CODINGAGENT_DATA_DIR (default ./data), in-process locks, the bubblewrap sandbox.
# The app runs from its publish output, which holds every static asset (MudBlazor, plotly.js) under wwwroot,
# so it needs nothing from the building user's NuGet cache and can run as any user.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export CODINGAGENT_DATA_DIR="${CODINGAGENT_DATA_DIR:-$PWD/data}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
app="$PWD/CodingAgent.Web/bin/publish"
dotnet publish CodingAgent.Web -c Release -o "$app" -v quiet -nologo
urls="${CODINGAGENT_URLS:-http://127.0.0.1:5000}"
echo "CodingAgent: $urls (data in $CODINGAGENT_DATA_DIR)"
exec dotnet "$app/CodingAgent.Web.dll" --contentRoot "$app" --urls "$urls"
