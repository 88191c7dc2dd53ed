import { describe, expect, it } from 'vitest';
import { keys } from '../../src/store/keys.js';

// Stored data is read back under these exact strings: a change here is a migration, not a refactoring.
describe('keys', () => {
  it('spells every key of the layout in src/store/keys.ts', () => {
    const k = keys('p');
    const spelled = {
      blobPrefix: k.blobPrefix,
      blob: k.blob('d1g'),
      results: k.results('org', 'asg', 'ann'),
      resultsOrder: k.resultsOrder('org', 'asg', 'ann'),
      resultsPayloads: k.resultsPayloads('org', 'asg', 'ann'),
      resultsGrading: k.resultsGrading('org', 'asg', 'ann'),
      students: k.students('org', 'asg'),
      nicknames: k.nicknames('org', 'asg'),
      resultsChanged: k.resultsChanged(),
      courses: k.courses(),
      courseInForce: k.courseInForce('org'),
      commitJobs: k.commitJobs('org', 'repo', 'c0ffee'),
      repos: k.repos('org'),
      reconcileAnswer: k.reconcileAnswer('r1'),
      limit: k.limit('org', 'asg', 'ann'),
      limitVersion: k.limitVersion('org', 'asg', 'ann'),
      waitingPush: k.waitingPush('org', 'repo', 'c0ffee'),
      delivery: k.delivery('d1'),
      redelivery: [k.redelivery('attempts', 'g'), k.redelivery('hold', 'g'), k.redelivery('given-up', 'g')],
      checkRun: k.checkRun('live:j1'),
      latest: k.latest('s1'),
      running: k.running('ann'),
      runners: k.runners(),
      runner: k.runner('r1'),
      runnersSeen: k.runnersSeen(),
      grants: k.grants('org', 'asg'),
      commandLog: k.commandLog('org', 'asg'),
    };
    expect(spelled).toEqual({
      blobPrefix: 'p:blob:',
      blob: 'p:blob:d1g',
      results: 'p:results:org:asg:ann',
      resultsOrder: 'p:results:org:asg:ann:order',
      resultsPayloads: 'p:results:org:asg:ann:payloads',
      resultsGrading: 'p:results:org:asg:ann:grading',
      students: 'p:students:org:asg',
      nicknames: 'p:nicknames:org:asg',
      resultsChanged: 'p:results-changed',
      courses: 'p:courses',
      courseInForce: 'p:course-in-force:org',
      commitJobs: 'p:commit-jobs:org/repo/c0ffee',
      repos: 'p:repos:org',
      reconcileAnswer: 'p:reconcile-answer:r1',
      limit: 'p:limit:org:asg:ann',
      limitVersion: 'p:limit:org:asg:ann:version',
      waitingPush: 'p:waiting-push:org/repo/c0ffee',
      delivery: 'p:delivery:d1',
      redelivery: ['p:redelivery:attempts:g', 'p:redelivery:hold:g', 'p:redelivery:given-up:g'],
      checkRun: 'p:check-run:live:j1',
      latest: 'p:latest:s1',
      running: 'p:running:ann',
      runners: 'p:runners',
      runner: 'p:runner:r1',
      runnersSeen: 'p:runners:seen',
      grants: 'p:grants:org:asg',
      commandLog: 'p:command-log:org:asg',
    });
    // A key added to the layout without a line above fails here.
    expect(Object.keys(spelled).sort()).toEqual(Object.keys(k).sort());
  });
});
