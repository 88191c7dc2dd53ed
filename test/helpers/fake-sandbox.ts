/**
 * The Sandbox interface, faked for fast tests of grading logic without Docker, as woodpecker-ci's
 * `dummy` backend fakes its own backend interface. It fakes our interface, never dockerode; the
 * real-Docker tests stay beside it. A script says what each command returns and what the results
 * folder holds; both come back through the real output capture and the real results reader, so
 * they have the real shape, bounds and refusals. The fake records what was created and, per
 * sandbox, every call in order; a command no rule matches fails the test, as does a rule no
 * command used (`verify`), like `fake-github.ts` does for calls.
 */
import type { ExecResult } from '../../src/exec/exec-result.js';
import type {
  Area,
  CopyInOptions,
  ExecOptions,
  Sandbox,
  SandboxProvider,
  SandboxSpec,
} from '../../src/runner/sandbox/sandbox.js';
import { SandboxInfrastructureError, SandboxStoppedError } from '../../src/runner/sandbox/sandbox-errors.js';
import { copyOutScripted, execResult, type ResultEntry, type ScriptedRun } from './scripted-output.js';

export interface ExecRule {
  /** A string matches only the whole command; a RegExp, any command it tests true on. */
  match: RegExp | string;
  result?: ScriptedRun;
  /** Thrown instead of returning; a SandboxStoppedError also stops the sandbox, as the real one does. */
  throws?: Error;
}

export interface SandboxScript {
  /** Tried in order; the first rule that matches a command answers it, as often as it matches. */
  exec?: ExecRule[];
  /** What /autograder/results holds, by name, for `copyOutResults`. */
  results?: Record<string, ResultEntry>;
  /** Thrown by `copyIn` into the area (a SubmissionTooLargeError, say); for `source`, during `create`. */
  copyIn?: Partial<Record<Area, Error>>;
}

export type SandboxCall =
  | { kind: 'copyIn'; area: Area; from: string | Buffer }
  | { kind: 'copyInFile'; name: string; content: Buffer }
  | { kind: 'exec'; options: ExecOptions }
  | { kind: 'saveSubmission' }
  | { kind: 'resetBetweenTests' }
  | { kind: 'copyOutResults'; names: readonly string[]; maxBytes: number };

export interface FakeProvider extends SandboxProvider {
  /** Every spec asked for, in order, including those whose creation failed. */
  readonly created: SandboxSpec[];
  /** Every sandbox made, in order. */
  readonly sandboxes: FakeSandbox[];
  /** Throws on a command no rule matched, or a rule that no command used. */
  verify(): void;
}

export function fakeProvider(script: SandboxScript = {}): FakeProvider {
  const rules = (script.exec ?? []).map((rule) => ({ rule, used: 0 }));
  const problems: string[] = [];
  const answer = (command: string): ExecRule => {
    const found = rules.find(({ rule }) =>
      typeof rule.match === 'string' ? rule.match === command : rule.match.test(command),
    );
    if (!found) {
      problems.push(`no rule matches the command \`${command}\``);
      throw new Error(`fake sandbox: no rule matches the command \`${command}\``);
    }
    found.used++;
    return found.rule;
  };
  const created: SandboxSpec[] = [];
  const sandboxes: FakeSandbox[] = [];
  return {
    created,
    sandboxes,
    async create(spec) {
      created.push(spec);
      const sandbox = new FakeSandbox(`fake-${created.length}`, spec, script, answer);
      sandboxes.push(sandbox);
      // As the Docker provider: the source is copied in while creating, and a failure removes it.
      try {
        if (spec.source) await sandbox.copyIn('source', spec.source.tar);
      } catch (error) {
        await sandbox.destroy();
        throw error;
      }
      return sandbox;
    },
    verify() {
      const unused = rules
        .filter(({ used }) => used === 0)
        .map(({ rule }) => `unused rule ${String(rule.match)}`);
      const all = [...problems, ...unused];
      if (all.length > 0) throw new Error(`fake sandbox: ${all.join('; ')}`);
    },
  };
}

export class FakeSandbox implements Sandbox {
  readonly calls: SandboxCall[] = [];
  destroyed = false;
  private stopped = false;
  private saved = false;

  constructor(
    readonly id: string,
    readonly spec: SandboxSpec,
    private readonly script: SandboxScript,
    private readonly answer: (command: string) => ExecRule,
  ) {}

  /** The calls as short lines (`exec: make`, `copyIn submission`, …), to compare with `toEqual`. */
  steps(): string[] {
    return this.calls.map((call) => {
      switch (call.kind) {
        case 'copyIn':
          return `copyIn ${call.area}`;
        case 'copyInFile':
          return `copyInFile ${call.name}`;
        case 'exec':
          return `exec: ${call.options.command}`;
        case 'copyOutResults':
          return `copyOutResults ${call.names.join(' ')}`;
        default:
          return call.kind;
      }
    });
  }

  async copyIn(area: Area, from: string | Buffer, _options?: CopyInOptions): Promise<void> {
    this.enter({ kind: 'copyIn', area, from });
    const error = this.script.copyIn?.[area];
    if (error) throw error;
  }

  async copyInFile(name: string, content: Buffer): Promise<void> {
    this.enter({ kind: 'copyInFile', name, content });
  }

  async exec(options: ExecOptions): Promise<ExecResult> {
    this.enter({ kind: 'exec', options });
    const rule = this.answer(options.command);
    if (rule.throws) {
      if (rule.throws instanceof SandboxStoppedError) this.stopped = true;
      throw rule.throws;
    }
    return execResult(rule.result ?? {}, options);
  }

  async saveSubmission(): Promise<void> {
    this.enter({ kind: 'saveSubmission' });
    this.saved = true;
  }

  async resetBetweenTests(): Promise<void> {
    this.enter({ kind: 'resetBetweenTests' });
    if (!this.saved) throw new Error('resetBetweenTests before saveSubmission');
  }

  async copyOutResults(names: readonly string[], maxBytes: number): Promise<Map<string, Buffer>> {
    this.enter({ kind: 'copyOutResults', names, maxBytes });
    return copyOutScripted(this.script.results ?? {}, names, maxBytes);
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
  }

  /** Records the call; refuses it, as the real sandbox does, once stopped or removed. */
  private enter(call: SandboxCall): void {
    this.calls.push(call);
    if (this.destroyed) throw new SandboxInfrastructureError(`the sandbox ${this.id} was removed`);
    if (this.stopped) throw new SandboxStoppedError('the sandbox was stopped');
  }
}
