import { describe, expect, it } from 'vitest';
import { InfrastructureFault, SubmissionFault } from '../src/faults.js';

class UnreachableCommit extends SubmissionFault {
  override name = 'UnreachableCommit';
  override readonly counts = false;
}

class EngineDown extends InfrastructureFault {
  override name = 'EngineDown';
}

class BotAway extends InfrastructureFault {
  override readonly spendsAttempt = false;
}

describe('the fault bases', () => {
  it('are errors that keep their name and message', () => {
    const fault = new UnreachableCommit('commit abc is not in the repository');
    expect(fault).toBeInstanceOf(Error);
    expect(fault.name).toBe('UnreachableCommit');
    expect(fault.message).toBe('commit abc is not in the repository');
    expect(new EngineDown('no engine').name).toBe('EngineDown');
  });

  it('tell the student that a submission could not be fetched, by default', () => {
    expect(new UnreachableCommit('commit abc is not in the repository').explain()).toBe(
      'The submission could not be fetched: commit abc is not in the repository.',
    );
  });

  it('spend an attempt on an infrastructure fault unless the class says otherwise', () => {
    expect(new EngineDown('no engine').spendsAttempt).toBe(true);
    expect(new BotAway('restarting').spendsAttempt).toBe(false);
  });

  it('are apart: a fault is of one kind only', () => {
    expect(new UnreachableCommit('x')).not.toBeInstanceOf(InfrastructureFault);
    expect(new EngineDown('x')).not.toBeInstanceOf(SubmissionFault);
  });
});
