/**
 * The TLS proxy of deploy/swarm/tls.yml with its Caddyfile, in the stack's image (gradebot/caddy:2):
 * it obtains a certificate for the domain by itself (here from Caddy's own authority, since no
 * ACME server is reachable; the issuer is the only difference from production), serves HTTPS with
 * it, sends plain HTTP to HTTPS, and passes requests to the bot as `bot:3000` on the shared network
 * with the client's scheme and host, as the staff sign-in and the scoreboard links need; /metrics
 * stays inside.
 */
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCommand } from '../helpers/command.js';
import { REPO_ROOT } from '../helpers/grading.js';
import { eventually } from '../helpers/queue.js';

const DOMAIN = 'grader.test';
const name = `gradebot-tls-${process.pid}`;
const proxy = `${name}-proxy`;
const network = `${name}-net`;
/** Stands in for the bot: answers with what it was sent. */
const ECHO_BOT = `require('node:http').createServer((req, res) => res.end(JSON.stringify({ url: req.url, headers: req.headers }))).listen(3000)`;

async function docker(...args: string[]): Promise<string> {
  const run = await runCommand('docker', args);
  if (run.code !== 0) throw new Error(`docker ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

/** The host port Docker published for the proxy's `port`. */
async function published(port: number): Promise<number> {
  const mapping = await docker('port', proxy, `${port}/tcp`);
  return Number(mapping.split('\n')[0]!.split(':').pop());
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: string, options: https.RequestOptions = {}): Promise<Answer> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, options, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    request.on('error', reject);
  });
}

beforeAll(async () => {
  await docker('network', 'create', network);
  await docker(
    'run',
    '-d',
    '--name',
    `${name}-bot`,
    '--network',
    network,
    '--network-alias',
    'bot',
    'gradebot/node:20-bookworm',
    'node',
    '-e',
    ECHO_BOT,
  );
  await docker(
    'run',
    '-d',
    '--name',
    proxy,
    '--network',
    network,
    '-e',
    `GRADEBOT_DOMAIN=${DOMAIN}`,
    '-e',
    'GRADEBOT_ACME_EMAIL=ops@example.edu',
    '-e',
    'GRADEBOT_TLS_ISSUER=internal',
    '-v',
    `${path.join(REPO_ROOT, 'deploy/swarm/Caddyfile')}:/etc/caddy/Caddyfile:ro`,
    '-p',
    '127.0.0.1::80',
    '-p',
    '127.0.0.1::443',
    'gradebot/caddy:2',
    'caddy',
    'run',
    '--config',
    '/etc/caddy/Caddyfile',
    '--adapter',
    'caddyfile',
  );
});
afterAll(async () => {
  await runCommand('docker', ['rm', '-f', proxy, `${name}-bot`]);
  await runCommand('docker', ['network', 'rm', network]);
});

it('serves the bot over HTTPS with a certificate it obtained for the domain', async () => {
  const port = await published(443);
  // The authority that issued it: trusted by this request only.
  const ca = await eventually('the certificate authority', () =>
    runCommand('docker', ['exec', proxy, 'cat', '/data/caddy/pki/authorities/local/root.crt']).then(
      (run) => run.code === 0 && run.stdout,
    ),
  );
  const answer = await eventually('an HTTPS answer', () =>
    get(`https://127.0.0.1:${port}/healthz?x=1`, {
      ca,
      servername: DOMAIN,
      headers: { host: DOMAIN },
    }).catch(() => null),
  );

  expect(answer.status).toBe(200);
  const seen = JSON.parse(answer.body) as { url: string; headers: Record<string, string> };
  expect(seen.url).toBe('/healthz?x=1');
  expect(seen.headers).toMatchObject({ host: DOMAIN, 'x-forwarded-proto': 'https' });
});

it('keeps /metrics for Prometheus on the overlay network: not forwarded from outside', async () => {
  const port = await published(443);
  const ca = (
    await runCommand('docker', ['exec', proxy, 'cat', '/data/caddy/pki/authorities/local/root.crt'])
  ).stdout;
  const answer = await get(`https://127.0.0.1:${port}/metrics`, {
    ca,
    servername: DOMAIN,
    headers: { host: DOMAIN },
  });
  expect(answer.status).toBe(404);
  expect(answer.body).toBe('');
});

it('refuses a certificate check against anything but its authority', async () => {
  const port = await published(443);
  await expect(
    get(`https://127.0.0.1:${port}/`, { servername: DOMAIN, headers: { host: DOMAIN } }),
  ).rejects.toThrow(/certificate/);
});

it('sends plain HTTP to HTTPS', async () => {
  const port = await published(80);
  const answer = await get(`http://127.0.0.1:${port}/api/github/webhooks`, { headers: { host: DOMAIN } });
  expect(answer.status).toBe(308);
  expect(answer.headers.location).toBe(`https://${DOMAIN}/api/github/webhooks`);
});

it('joins the stack: docker stack config merges tls.yml and refuses a missing domain', async () => {
  const files = ['-c', 'deploy/swarm/stack.yml', '-c', 'deploy/swarm/tls.yml'];
  const env = { APP_ID: '1', GRADEBOT_ACME_EMAIL: 'ops@example.edu' };
  const merged = await runCommand('docker', ['stack', 'config', ...files], {
    env: { ...env, GRADEBOT_DOMAIN: DOMAIN },
    cwd: REPO_ROOT,
  });
  expect(merged.stderr).toBe('');
  const stack = parse(merged.stdout) as {
    services: Record<string, { ports?: unknown[]; environment?: Record<string, string>; networks?: object }>;
    configs: Record<string, { file: string }>;
  };
  expect(stack.services.proxy?.environment).toMatchObject({
    GRADEBOT_DOMAIN: DOMAIN,
    GRADEBOT_TLS_ISSUER: 'acme',
  });
  expect(stack.services.proxy?.ports).toEqual([
    { mode: 'host', target: 80, published: 80, protocol: 'tcp' },
    { mode: 'host', target: 443, published: 443, protocol: 'tcp' },
  ]);
  expect(Object.keys(stack.services.proxy?.networks ?? {})).toEqual(['gradebot']);
  expect(stack.configs.caddyfile?.file).toBe(path.join(REPO_ROOT, 'deploy/swarm/Caddyfile'));

  const refused = await runCommand('docker', ['stack', 'config', ...files], { env, cwd: REPO_ROOT });
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain("set GRADEBOT_DOMAIN to the bot's public name");
});
