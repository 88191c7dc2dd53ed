#!/usr/bin/env bash
# The project's test command (the README's): prepares the machine, then runs the test suite.
# Arguments go to vitest, e.g. `bash scripts/test.sh test/images`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec npm test -- "$@"
