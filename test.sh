#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. `.ci/run` calls this.
# Ends with one line totalled over every test project: "N passed, N failed"; exits non-zero when any test failed
# or a test project could not run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

bash scripts/prerequisites.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PLAYWRIGHT_BROWSERS_PATH="${PLAYWRIGHT_BROWSERS_PATH:-$PWD/.tools/playwright-browsers}"
mkdir -p "$PLAYWRIGHT_BROWSERS_PATH"

dotnet build Platform.sln -c Release -nologo -clp:ErrorsOnly

results=.artifacts/test-results
rm -rf "$results"
status=0
dotnet test Platform.sln -c Release --no-build -nologo --logger "console;verbosity=normal" \
  --logger "trx" --results-directory "$results" "$@" || status=$?

# Each project writes one TRX file; its <Counters> element holds that project's totals.
python3 - "$results" "$status" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
for path in glob.glob(f"{sys.argv[1]}/*.trx"):
    root = ET.parse(path).getroot()
    # The failures are repeated here because a CI log is often read from its tail only.
    for result in root.findall(".//{*}UnitTestResult"):
        if result.get("outcome") not in ("Passed", "NotExecuted"):
            message = result.find(".//{*}ErrorInfo/{*}Message")
            text = " ".join((message.text or "").split())[:600] if message is not None else ""
            print(f"FAILED {result.get('testName')} ({result.get('duration')}): {text}")
    counters = root.find(".//{*}Counters")
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
if failed == 0 and sys.argv[2] != "0":
    failed = 1  # dotnet test failed without a failed test: a project crashed or did not run
print(f"{passed} passed, {failed} failed")
PY
exit "$status"
