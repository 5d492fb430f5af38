#!/usr/bin/env bash
# Starts CodingAgent on http://127.0.0.1:5000 with its embedded defaults: SQLite and files under
# $CODINGAGENT_DATA_DIR (default ./data), in-process locks, the bubblewrap sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export CODINGAGENT_DATA_DIR="${CODINGAGENT_DATA_DIR:-$PWD/data}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build CodingAgent.Web -c Release -v quiet -nologo
echo "CodingAgent: http://127.0.0.1:5000 (data in $CODINGAGENT_DATA_DIR)"
exec dotnet run --project CodingAgent.Web -c Release --no-build --no-launch-profile --urls "${CODINGAGENT_URLS:-http://127.0.0.1:5000}"
