#!/usr/bin/env bash
# Sets the machine up, then grades every sample submission of the example course (and of the example
# GitHub Classroom file) at the submission time recorded with its expected score, prints each result
# table, and checks the score (scripts/grade-examples.ts). A low score is not a failure; a score other
# than the expected one is, as is a command that fails: the script then exits non-zero, naming the
# sample, after grading the rest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec node --import tsx scripts/grade-examples.ts
