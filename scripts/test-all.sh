#!/usr/bin/env bash
# `npm test`: type check, lint, unit tests (the database tests on SQLite, then on PostgreSQL), production
# build, Playwright end-to-end tests.
# Runs every suite even when an earlier one fails, then prints one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CHROMIUM_PATH

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# Playwright's browser download does not work offline: the tests use Debian's Chromium.
if [ ! -x "$CHROMIUM_PATH" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "Installing Chromium (apt-get install -y chromium)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null || {
      echo "Could not install Chromium; run: apt-get update && apt-get install -y chromium" >&2
      exit 1
    }
  else
    echo "Chromium is missing at $CHROMIUM_PATH. Install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
    echo "(or point CHROMIUM_PATH at a Chromium binary)" >&2
    exit 1
  fi
fi

mkdir -p test-results
rm -f test-results/vitest.json test-results/playwright.json
node scripts/prepare-env.mjs
failed=()

step "Type check" && { npm run --silent typecheck || failed+=(typecheck); }
step "Lint" && { npm run --silent lint || failed+=(lint); }
step "Unit tests" && { npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || failed+=(unit); }
# The unit run covers tests/db on SQLite; run them again on a throwaway PostgreSQL server
# (scripts/postgres-test-server.sh: installs Debian's postgresql when missing and root, listens on 127.0.0.1).
step "Database tests on PostgreSQL" && {
  # shellcheck source=scripts/postgres-test-server.sh
  source scripts/postgres-test-server.sh
  trap pg_test_server_stop EXIT
  if pg_test_server_start; then
    TEST_POSTGRES_URL="$TEST_POSTGRES_URL" npx vitest run tests/db || failed+=(postgresql)
  else
    failed+=(postgresql)
  fi
  pg_test_server_stop
}
step "Production build" && { npm run --silent build || failed+=(build); }
if [[ ! " ${failed[*]} " =~ " build " ]]; then
  step "End-to-end tests (Playwright, Chromium)"
  PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json npx playwright test --reporter=list,json,html || failed+=(e2e)
fi

step "Summary"
node scripts/test-summary.mjs "${failed[@]}"
