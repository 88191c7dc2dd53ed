/**
 * Every Redis key gradebot writes, built in one place from the deployment's prefix (`p`, default
 * `gradebot`), so the layout can be read here and a key is never spelled twice. Changing a string
 * here makes stored data unreadable: `test/store/keys.test.ts` pins every one.
 *
 * | key                                              | type                 | owner                              |
 * | ------------------------------------------------ | -------------------- | ---------------------------------- |
 * | `p:blob:<sha256>`                                | string, TTL 7 d      | `store/blob-store.ts`              |
 * | `p:results:<org>:<asg>:<student>`                | hash (job id → JSON) | `store/results-store.ts`           |
 * | `p:results:<org>:<asg>:<student>:order`          | zset (by submission) | `store/results-store.ts`           |
 * | `p:results:<org>:<asg>:<student>:payloads`       | hash (job payloads)  | `store/results-store.ts`           |
 * | `p:results:<org>:<asg>:<student>:grading`        | hash (runner, times) | `store/results-store.ts`           |
 * | `p:students:<org>:<asg>`                         | set                  | `store/results-store.ts`           |
 * | `p:nicknames:<org>:<asg>`                        | hash                 | `store/results-store.ts`           |
 * | `p:results-changed`                              | pub/sub channel      | `store/results-store.ts`           |
 * | `p:courses`                                      | hash (org → course)  | `store/course-registry.ts`         |
 * | `p:course-in-force:<org>`                        | string (sha)         | `store/course-registry.ts`         |
 * | `p:commit-jobs:<org>/<repo>/<commit>`            | hash, TTL            | `store/commit-jobs.ts`             |
 * | `p:repos:<org>`                                  | set                  | `store/roster.ts`                  |
 * | `p:reconcile-answer:<id>`                        | list, TTL            | `store/reconcile-answers.ts`       |
 * | `p:limit:<org>:<asg>:<student>` (+ `:version`)   | zset (+ counter)     | `store/limit-ledger.ts`       |
 * | `p:waiting-push:<org>/<repo>/<commit>`           | string, TTL          | `store/waiting-pushes.ts`          |
 * | `p:delivery:<id>`                                | string, TTL          | `store/delivery-log.ts`            |
 * | `p:redelivery:{attempts,hold,given-up}:<guid>`   | counter / string     | `store/redelivery-book.ts`         |
 * | `p:check-run:<job id>` (fields `id`, `written`)  | hash, TTL            | `store/check-run-memory.ts`        |
 * | `p:latest:<scope>`                               | string (Lua)         | `store/supersede-ledger.ts`        |
 * | `p:running:<student>`                            | zset (Lua)           | `store/fair-share.ts`              |
 * | `p:runners`, `p:runner:<id>`, `p:runners:seen`   | set, string, zset    | `store/runner-registry.ts`         |
 * | `p:grants:<org>:<asg>`                           | hash (student grants)| `store/staff-commands.ts`          |
 * | `p:command-log:<org>:<asg>`                      | hash (comment → JSON)| `store/staff-commands.ts`          |
 * | `p:live:*`, `p:regrade:*`, `p:reports:*`         | BullMQ queues        | BullMQ, given `p` as its prefix    |
 *
 * Every key is built here and owned by the store named; BullMQ builds its own keys from the prefix.
 */

/** The keys of one deployment. */
export type Keys = ReturnType<typeof keys>;

/** The keys under the prefix `p` (no trailing colon). */
export function keys(p: string) {
  const results = (org: string, assignment: string, student: string) =>
    `${p}:results:${org}:${assignment}:${student}`;
  const limit = (org: string, assignment: string, student: string) =>
    `${p}:limit:${org}:${assignment}:${student}`;
  return {
    /** What precedes a digest in a blob's key (`BlobStore`'s option). */
    blobPrefix: `${p}:blob:`,
    blob: (digest: string) => `${p}:blob:${digest}`,
    results,
    resultsOrder: (org: string, assignment: string, student: string) =>
      `${results(org, assignment, student)}:order`,
    resultsPayloads: (org: string, assignment: string, student: string) =>
      `${results(org, assignment, student)}:payloads`,
    resultsGrading: (org: string, assignment: string, student: string) =>
      `${results(org, assignment, student)}:grading`,
    students: (org: string, assignment: string) => `${p}:students:${org}:${assignment}`,
    nicknames: (org: string, assignment: string) => `${p}:nicknames:${org}:${assignment}`,
    resultsChanged: () => `${p}:results-changed`,
    courses: () => `${p}:courses`,
    courseInForce: (org: string) => `${p}:course-in-force:${org}`,
    commitJobs: (org: string, repo: string, commit: string) => `${p}:commit-jobs:${org}/${repo}/${commit}`,
    repos: (org: string) => `${p}:repos:${org}`,
    reconcileAnswer: (id: string) => `${p}:reconcile-answer:${id}`,
    limit,
    limitVersion: (org: string, assignment: string, student: string) =>
      `${limit(org, assignment, student)}:version`,
    waitingPush: (org: string, repo: string, commit: string) => `${p}:waiting-push:${org}/${repo}/${commit}`,
    delivery: (id: string) => `${p}:delivery:${id}`,
    redelivery: (kind: 'attempts' | 'hold' | 'given-up', guid: string) => `${p}:redelivery:${kind}:${guid}`,
    checkRun: (jobId: string) => `${p}:check-run:${jobId}`,
    latest: (scope: string) => `${p}:latest:${scope}`,
    running: (student: string) => `${p}:running:${student}`,
    runners: () => `${p}:runners`,
    runner: (id: string) => `${p}:runner:${id}`,
    runnersSeen: () => `${p}:runners:seen`,
    grants: (org: string, assignment: string) => `${p}:grants:${org}:${assignment}`,
    commandLog: (org: string, assignment: string) => `${p}:command-log:${org}:${assignment}`,
  };
}
