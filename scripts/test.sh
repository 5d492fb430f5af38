#!/usr/bin/env bash
# Runs every test: installs what the tests need, builds, runs the kernel's own protocol tests and the
# .NET suite (API end to end with a scripted OpenAI-compatible server, both sandbox backends for real, S3 storage
# on s3rver, bUnit).
set -euo pipefail
cd "$(dirname "$0")/.."
# redis-server: the tests start their own servers on free ports (no persistence); a Debian service the package may
# have started on 6379 is never used; python3-nbformat: the export tests validate notebooks with it
bash scripts/install-deps.sh docker.io mmdebstrap chromium redis-server postgresql python3-nbformat
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== Docker engine and sandbox image (built offline from Debian packages, cached by the package list's hash) =="
bash scripts/start-docker.sh
CODINGAGENT_SANDBOX_IMAGE="$(bash scripts/build-sandbox-image.sh | tail -n 1)"
export CODINGAGENT_SANDBOX_IMAGE
echo "sandbox image: $CODINGAGENT_SANDBOX_IMAGE"

echo "== kernel protocol tests (python) =="
/usr/bin/python3 CodingAgent.Sandbox/Kernel/test_kernel.py | tail -n 1

echo "== S3-compatible server for the storage tests (npm's s3rver, pinned in tools/s3rver) =="
npm ci --prefix tools/s3rver --no-audit --no-fund --loglevel=error >/dev/null

echo "== build =="
dotnet build CodingAgent.sln -c Release -v quiet -nologo

echo "== .NET tests =="
results="$(mktemp -d)"
set +e
# a test that runs for 45 minutes is hung (the first sandbox image build, inside a fixture, takes about 10): the run
# is stopped and says which test it was, instead of waiting until CI gives up
dotnet test CodingAgent.sln -c Release --no-build --blame-hang-timeout 45m --blame-hang-dump-type none \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" 2>&1 | tee "$results/output.txt"
status=${PIPESTATUS[0]}
set -e
summary=$(grep -E "^(Passed|Failed)!" "$results/output.txt" | tail -n 1)
passed=$(echo "$summary" | sed -nE 's/.*Passed: *([0-9]+).*/\1/p')
failed=$(echo "$summary" | sed -nE 's/.*Failed: *([0-9]+).*/\1/p')
skipped=$(echo "$summary" | sed -nE 's/.*Skipped: *([0-9]+).*/\1/p')
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if grep -q "The active Test Run was aborted" "$results/output.txt"; then
  echo "The test run was aborted (a hung or crashed test host; the test it was running is named above)." >&2
  exit 1
fi
if [ "${skipped:-0}" != "0" ]; then
  echo "Skipped tests are not allowed." >&2
  exit 1
fi
exit "$status"
