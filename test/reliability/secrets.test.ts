import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/open.js';
import { anthropicReply } from '../helpers/anthropic-server.js';
import { type CliResult, runCli, tempDir } from '../helpers/cli.js';
import { startFaultServer } from '../helpers/fault-server.js';
import { openaiReply } from '../helpers/openai-server.js';
import { type RecordedRequest, type Reply, startProtocolServer } from '../helpers/protocol-server.js';
import { writeDataset } from './support.js';

/**
 * A canary API key, given through the environment or through .env, must never reach an artefact:
 * the store (.db, -wal, -shm, read as bytes), the report folder, stdout/stderr of run, report, runs
 * and export (JSONL, CSV, JSON, with and without text), error messages or the manifest. The server
 * receives it (so the check is not vacuous) and hands it back: in a 401 body (a final error), in a
 * 500 body (retried), and echoed inside a successful answer, its raw body and its reasoning.
 */
const ANTHROPIC_CANARY = 'canary-anthropic-3f9a1c7e5b2d4f6a8c0e1b3d';
const COMPAT_CANARY = 'canary-compat-9e8d7c6b5a4f3e2d1c0b9a87';

/** Answers per question number: i%4 == 0 → 401 echoing the key; 1 → 500 echoing it once, then ok;
 *  2 → ok with the key echoed in the answer, the reasoning and an extra raw field; 3 → plain ok. */
function handler(seen: { keys: string[] }) {
  const retried = new Set<string>();
  return (req: RecordedRequest): Reply => {
    const key = String(req.headers['x-api-key'] ?? req.headers.authorization ?? '').replace(/^Bearer /, '');
    seen.keys.push(key);
    const n = Number(/Question (\d+)/.exec(req.rawBody)?.[1] ?? 3);
    const anthropic = req.path.startsWith('/v1/messages');
    if (n % 4 === 0) {
      return {
        status: 401,
        json: { type: 'error', error: { type: 'authentication_error', message: `invalid key: ${key}` } },
      };
    }
    if (n % 4 === 1 && !retried.has(req.rawBody)) {
      retried.add(req.rawBody);
      return { status: 500, json: { error: { message: `upstream rejected Authorization: Bearer ${key}` } } };
    }
    const echo = n % 4 === 2 ? ` (you sent ${key})` : '';
    const reply = anthropic
      ? anthropicReply(req, () => ({
          thinking: `I think${echo}.`,
          text: `<answer>${n}</answer>${echo}`,
          outputTokens: 20,
        }))
      : openaiReply(req, {
          turn: () => ({
            text: `<answer>${n}</answer>${echo}`,
            reasoning: `I think${echo}.`,
            reasoningTokens: 5,
          }),
        });
    if (echo && reply.json && typeof reply.json === 'object')
      reply.json = { ...reply.json, debug: { headers: { key } } };
    return reply;
  };
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

async function scenario(via: 'env' | 'dotenv') {
  const seen = { keys: [] as string[] };
  const server = await startProtocolServer(handler(seen));
  try {
    const dir = tempDir(`overthink-secrets-${via}-`);
    writeDataset(dir, 12);
    writeFileSync(
      join(dir, 'exp.yaml'),
      `
models:
  - { id: 'openai-compatible:canary', baseUrl: '${server.url}/v1', budgetMode: none, apiKeyEnv: CANARY_KEY }
  - { id: 'anthropic:claude-haiku-4-5', baseUrl: '${server.url}' }
tasks: [{ id: custom, options: { path: data.jsonl } }]
budgets: [0, 1024]
trials: 1
retries: 2
`,
    );
    const keys = { CANARY_KEY: COMPAT_CANARY, ANTHROPIC_API_KEY: ANTHROPIC_CANARY };
    let env: NodeJS.ProcessEnv = keys;
    if (via === 'dotenv') {
      writeFileSync(
        join(dir, '.env'),
        `CANARY_KEY=${COMPAT_CANARY}\nexport ANTHROPIC_API_KEY="${ANTHROPIC_CANARY}"\n`,
      );
      env = { CANARY_KEY: '', ANTHROPIC_API_KEY: '' };
    }
    // Hold a connection open so the run is not the last to close the store: its WAL stays on disk
    // to be read as bytes, as it would be after a crash.
    const holder = openStore(join(dir, 'o.db'));
    holder.prepare('SELECT COUNT(*) FROM meta').get(); // maps the WAL index: now a live reader
    const logs: CliResult[] = [];
    const cli = async (args: string[]) => {
      const r = await runCli(args, dir, env);
      logs.push(r);
      return r;
    };
    const run = await cli([
      'run',
      '-c',
      'exp.yaml',
      '--db',
      'o.db',
      '--out',
      'report',
      '--retry-base-ms',
      '0',
    ]);
    // The 401s are final errors: the run is incomplete (exit 1), as it must be.
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /auth \d+/, 'the 401s were stored as final auth errors');
    const wal = join(dir, 'o.db-wal');
    assert.ok(existsSync(wal) && statSync(wal).size > 0, 'the WAL is there to be checked');
    const walBytes = readFileSync(wal);
    holder.close();
    for (const args of [
      ['export', '--db', 'o.db', '--jsonl', '--with-text'],
      ['export', '--db', 'o.db', '--csv', '--with-text'],
      ['export', '--db', 'o.db', '--json', '--with-text'],
      ['export', '--db', 'o.db', '--jsonl', '--with-text', '--out', 'export.jsonl'],
      ['report', '--db', 'o.db', '--json', '--out', 'report3'],
      ['runs', '--db', 'o.db'],
    ]) {
      const r = await cli(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }

    // The server did get both keys, and did send them back.
    assert.ok(seen.keys.includes(COMPAT_CANARY) && seen.keys.includes(ANTHROPIC_CANARY), 'keys were sent');
    const d = new Database(join(dir, 'o.db'), { readonly: true });
    const errors = d
      .prepare("SELECT error FROM samples WHERE error_class = 'auth'")
      .pluck()
      .all() as string[];
    const echoed = d
      .prepare("SELECT COUNT(*) FROM samples WHERE text LIKE '%you sent [redacted]%'")
      .pluck()
      .get();
    const manifest = d.prepare('SELECT manifest_json FROM runs').pluck().get() as string;
    d.close();
    assert.ok(errors.length > 0 && errors.every((e) => e.includes('[redacted]')), JSON.stringify(errors));
    assert.ok(Number(echoed) > 0, 'echoed keys were blanked in stored answers');
    assert.ok(manifest.includes('CANARY_KEY'), 'the manifest names the variable, not its value');

    // Every artefact, as bytes.
    const artefacts: [string, Buffer][] = [['o.db-wal (during the run)', walBytes]];
    for (const f of filesUnder(dir))
      if (!f.endsWith('.env') && !f.endsWith('exp.yaml')) artefacts.push([f, readFileSync(f)]);
    logs.forEach((r, i) => {
      artefacts.push([`stdout ${i}`, Buffer.from(r.stdout)], [`stderr ${i}`, Buffer.from(r.stderr)]);
    });
    assert.ok(
      artefacts.some(([f]) => f.endsWith('.html')),
      'the report was written',
    );
    for (const [name, bytes] of artefacts) {
      for (const canary of [ANTHROPIC_CANARY, COMPAT_CANARY]) {
        assert.equal(bytes.indexOf(canary), -1, `${canary} found in ${name}`);
        assert.equal(
          bytes.indexOf(Buffer.from(canary, 'utf16le')),
          -1,
          `${canary} (UTF-16) found in ${name}`,
        );
      }
    }
    return artefacts.length;
  } finally {
    await server.close();
  }
}

test('a canary key from the environment never reaches the store, report, logs, manifest or exports', async () => {
  const n = await scenario('env');
  process.stdout.write(`# secrets (env): ${n} artefacts checked\n`);
});

test('a canary key from .env never reaches the store, report, logs, manifest or exports', async () => {
  const n = await scenario('dotenv');
  process.stdout.write(`# secrets (.env): ${n} artefacts checked\n`);
});

/**
 * A key inside --base-url (issue 19, item 10): user information (`user:key@`) and a query parameter
 * (`?api-key=`). The query reaches the server, as it would through a proxy, and the fault server
 * quotes the request line back in half of its errors (`echo-request`). Neither key may reach the
 * store, the report, the export or any output; and the run id does not depend on the key.
 */
test('a key inside --base-url never reaches the store, report, logs or exports; the run id ignores it', async () => {
  const USERINFO_CANARY = 'canary-userinfo-5c1e9a7b3d2f4e6a';
  const QUERY_CANARY = 'canary-query-8d2b6f0a4c9e1b3d';
  const server = await startFaultServer({ seed: 11, rate: 0.5, weights: { 'echo-request': 1 } });
  try {
    const dir = tempDir('overthink-secrets-url-');
    writeDataset(dir, 12);
    const host = server.url.replace('http://', '');
    const url = (user: string, key: string) =>
      `http://reader:${user}@${host}/v1?api-version=2&api-key=${key}`;
    const args = (u: string) => [
      '--model',
      'openai-compatible:proxy',
      '--base-url',
      u,
      '--budget-mode',
      'none',
      '--dataset',
      'data.jsonl',
      '--budgets',
      '0,1024',
      '--trials',
      '1',
      '--retries',
      '1',
    ];
    const logs: CliResult[] = [];
    const cli = async (a: string[]) => {
      const r = await runCli(a, dir);
      logs.push(r);
      return r;
    };
    const run = await cli([
      'run',
      ...args(url(USERINFO_CANARY, QUERY_CANARY)),
      '--db',
      'o.db',
      '--out',
      'report',
      '--export',
      'run.jsonl',
      '--retry-base-ms',
      '0',
    ]);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    for (const a of [
      ['export', '--db', 'o.db', '--jsonl', '--with-text', '--out', 'export.jsonl'],
      ['report', '--db', 'o.db', '--json', '--out', 'report2'],
      ['runs', '--db', 'o.db'],
      ['plan', ...args(url(USERINFO_CANARY, QUERY_CANARY))],
    ]) {
      const r = await cli(a);
      assert.equal(r.code, 0, `${a.join(' ')}: ${r.stderr}`);
    }
    // The server got the query key and sent it back in stored errors (so the check is not vacuous).
    assert.ok(server.injected['echo-request'] > 0);
    const d = new Database(join(dir, 'o.db'), { readonly: true });
    const errors = d.prepare('SELECT error FROM samples WHERE error IS NOT NULL').pluck().all() as string[];
    const config = d.prepare('SELECT config_json FROM runs').pluck().get() as string;
    d.close();
    assert.ok(errors.length > 0, 'some samples ended on an echoed error');
    assert.ok(
      errors.every((e) => e.includes('api-key=[redacted]')),
      errors[0],
    );
    assert.ok(
      config.includes('http://[redacted]@') && config.includes('api-version=2&api-key=[redacted]'),
      config,
    );

    const artefacts: [string, Buffer][] = filesUnder(dir)
      .filter((f) => !f.endsWith('data.jsonl'))
      .map((f) => [f, readFileSync(f)]);
    logs.forEach((r, i) => {
      artefacts.push([`stdout ${i}`, Buffer.from(r.stdout)], [`stderr ${i}`, Buffer.from(r.stderr)]);
    });
    assert.ok(
      artefacts.some(([f]) => f.endsWith('.html')) && artefacts.some(([f]) => f.endsWith('run.jsonl')),
    );
    for (const [name, bytes] of artefacts)
      for (const canary of [USERINFO_CANARY, QUERY_CANARY])
        assert.equal(bytes.indexOf(canary), -1, `${canary} found in ${name}`);

    // Another key, the same experiment: the same run id (a rotated key resumes the run).
    const plan = (u: string) => runCli(['plan', ...args(u), '--json'], dir);
    const ids = await Promise.all([
      plan(url(USERINFO_CANARY, QUERY_CANARY)),
      plan(url('other-1', 'other-2')),
    ]);
    assert.equal(JSON.parse(ids[0].stdout).runId, JSON.parse(ids[1].stdout).runId);
  } finally {
    await server.close();
  }
});
