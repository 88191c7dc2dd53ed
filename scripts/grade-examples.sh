#!/usr/bin/env bash
# Grades every sample submission of the example course and prints each result table with the score
# an honest grader gives it (examples/expected-scores.json). A low score is not a failure; a command
# that fails is, and makes this script exit non-zero after grading the rest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

failed=0
for assignment_dir in examples/submissions/*/; do
  assignment=$(basename "$assignment_dir")
  for submission in "$assignment_dir"*/; do
    sample=$(basename "$submission")
    expected=$(node -e 'const s = require("./examples/expected-scores.json"); console.log(s[process.argv[1]]?.[process.argv[2]] ?? "?")' "$assignment" "$sample")
    printf '\n== %s / %s (expected score: %s) ==\n' "$assignment" "$sample" "$expected"
    if ! node bin/gradebot.js grade "${submission%/}" --course examples/course --assignment "$assignment"; then
      printf 'grade-examples: grading %s failed\n' "${submission%/}" >&2
      failed=1
    fi
  done
done
# A GitHub Classroom autograding file, imported into a course folder and graded the same way.
classroom=$(mktemp -d)
trap 'rm -rf "$classroom"' EXIT
printf '\n== GitHub Classroom: gradebot import classroom examples/classroom/autograding.json ==\n'
if node bin/gradebot.js import classroom examples/classroom/autograding.json \
  --assignment wc --image gradebot/python:3 --out "$classroom/course"; then
  for submission in examples/classroom/submissions/*/; do
    sample=$(basename "$submission")
    expected=$(node -e 'console.log(require("./examples/classroom/expected-scores.json")[process.argv[1]] ?? "?")' "$sample")
    printf '\n== classroom / %s (expected score: %s) ==\n' "$sample" "$expected"
    if ! node bin/gradebot.js grade "${submission%/}" --course "$classroom/course" --assignment wc; then
      printf 'grade-examples: grading %s failed\n' "${submission%/}" >&2
      failed=1
    fi
  done
else
  printf 'grade-examples: importing examples/classroom/autograding.json failed\n' >&2
  failed=1
fi
exit "$failed"
