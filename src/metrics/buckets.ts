/**
 * Histogram buckets, in seconds, shared by the bot's and the runners' metrics: one set for what
 * takes a human's patience (queueing, grading, push to result), one for single calls.
 */

/** From a second to an hour: waiting in a queue at a deadline, grading, push to check run. */
export const JOB_SECONDS = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600];

/** From 5 ms to a minute: a sandbox operation, one GitHub write. */
export const CALL_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
