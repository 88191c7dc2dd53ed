#!/usr/bin/env bash
# The project's test command (the README's): prepares the machine, checks types and style, then runs
# the test suite.
# Arguments go to vitest, e.g. `bash scripts/test.sh test/images`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# Types and style first: they fail in seconds, the suite takes a minute or two.
npm run --silent typecheck
npm run --silent lint
exec npm test -- "$@"
