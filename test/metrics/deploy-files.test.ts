/**
 * The alert rules and the Grafana dashboard that deploy/ ships name metrics the code creates, and
 * docs/metrics.md lists every one: a renamed metric fails here rather than on an operator's screen.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createBotMetrics } from '../../src/metrics/bot-metrics.js';
import { createRunnerMetrics } from '../../src/metrics/runner-metrics.js';
import { REPO_ROOT } from '../helpers/grading.js';

const read = (file: string) => readFile(path.join(REPO_ROOT, file), 'utf8');

/** Every metric the bot and the runners expose, by name, with its type. */
function exposed(): Map<string, string> {
  const bot = createBotMetrics({ queues: async () => [], reportBacklog: async () => 0 });
  const metrics = [
    ...bot.registry.getMetricsAsArray(),
    ...createRunnerMetrics().registry.getMetricsAsArray(),
  ];
  return new Map(metrics.map((m) => [m.name, String(m.type)]));
}

/** The names a query may use: a histogram's series too. */
async function queryable(): Promise<Set<string>> {
  return new Set(
    [...exposed()].flatMap(([name, type]) =>
      type === 'histogram' ? [name, `${name}_bucket`, `${name}_count`, `${name}_sum`] : [name],
    ),
  );
}

const namesIn = (expressions: string[]) => [
  ...new Set(expressions.flatMap((e) => [...e.matchAll(/\bgradebot_[a-z0-9_]+/g)].map((m) => m[0]))),
];

describe('deploy/ and docs/metrics.md', () => {
  it('alert rules use only metrics the code exposes', async () => {
    const rules = parse(await read('deploy/prometheus/alerts.yml')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const expressions = rules.groups.flatMap((g) => g.rules.map((r) => r.expr));
    expect(expressions.length).toBeGreaterThan(4);
    const names = namesIn(expressions);
    expect(names.length).toBeGreaterThan(4);
    const known = await queryable();
    expect(names.filter((name) => !known.has(name))).toEqual([]);
  });

  it('the Grafana dashboard uses only metrics the code exposes', async () => {
    const dashboard = JSON.parse(await read('deploy/grafana/gradebot.json')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const names = namesIn(dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)));
    expect(names.length).toBeGreaterThan(4);
    const known = await queryable();
    expect(names.filter((name) => !known.has(name))).toEqual([]);
  });

  it('docs/metrics.md lists every metric', async () => {
    const doc = await read('docs/metrics.md');
    const listed = new Set([...doc.matchAll(/^\| `(gradebot_[a-z0-9_]+)`/gm)].map((m) => m[1] ?? ''));
    const names = [...exposed().keys()];
    expect(names.filter((name) => !listed.has(name))).toEqual([]);
    expect([...listed].filter((name) => !names.includes(name))).toEqual([]);
  });
});
