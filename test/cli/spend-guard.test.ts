import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { confirmSpend, spendOf } from '../../src/cli/spend-guard.js';
import { loadExperimentItems } from '../../src/run/items.js';
import { loadExperiment } from '../../src/run/load.js';
import { UserError } from '../../src/util/errors.js';
import { startAnthropicContractServer } from '../contracts/anthropic-server.js';
import { runCli, tempDir } from '../helpers/cli.js';
import type { ProtocolServer } from '../helpers/protocol-server.js';

/** No accidental spend: a priced run above the ceiling is asked about, or refused without a terminal. */

const KEY = { ANTHROPIC_API_KEY: 'sk-ant-spend-guard-0123456789' };
const MODEL = 'anthropic:claude-sonnet-4-6';

async function planned(overrides: Record<string, unknown>) {
  const loaded = loadExperiment({ overrides: { tasks: ['misleading-math'], ...overrides } });
  return { exp: loaded.experiment, tasks: await loadExperimentItems(loaded.experiment, loaded.baseDir) };
}

describe('spend guard (library)', () => {
  it('prices real models as plan does; sim: and local: are free', async () => {
    const { exp, tasks } = await planned({ models: [MODEL, 'sim:inverse'], limit: 100 });
    const s = spendOf(exp, tasks);
    assert.equal(s.byModel.length, 1);
    assert.equal(s.byModel[0].model, MODEL);
    // 100 items × 6 paper budgets × 3 trials for each of the two models.
    assert.equal(s.samples, 2 * 100 * 6 * 3);
    assert.ok(s.estimateUsd > 5, `${s.estimateUsd}`);
    assert.equal(s.atRiskUsd, s.estimateUsd);
  });

  it('maxCostUsd caps what is at risk, so a run capped under the ceiling goes ahead', async () => {
    const { exp, tasks } = await planned({ models: [MODEL], limit: 100, maxCostUsd: 4 });
    assert.equal(spendOf(exp, tasks).atRiskUsd, 4);
    await confirmSpend(exp, tasks, { yes: false, interactive: false });
  });

  it('at a terminal it shows the plan and runs only on yes', async () => {
    const { exp, tasks } = await planned({ models: [MODEL], limit: 100 });
    const shown: string[] = [];
    const asked: string[] = [];
    const check = (answer: string) =>
      confirmSpend(exp, tasks, {
        yes: false,
        interactive: true,
        show: (l) => shown.push(l),
        ask: async (q) => {
          asked.push(q);
          return answer;
        },
      });
    await check('y');
    await check('YES ');
    await assert.rejects(check(''), (e: Error) => e instanceof UserError && /not run/.test(e.message));
    await assert.rejects(check('n'), UserError);
    assert.equal(asked.length, 4);
    assert.match(shown[0], /estimated at \$[\d,]+\.\d\d \(1,800 samples: anthropic:claude-sonnet-4-6 \$/);
    assert.match(shown[0], /above the \$5\.00 that runs without asking \(confirmAboveUsd\)/);
  });

  it('--yes, or a higher ceiling, accepts the spend', async () => {
    const big = await planned({ models: [MODEL], limit: 100 });
    await confirmSpend(big.exp, big.tasks, { yes: true, interactive: false });
    const raised = await planned({ models: [MODEL], limit: 100, confirmAboveUsd: 1e6 });
    await confirmSpend(raised.exp, raised.tasks, { yes: false, interactive: false });
  });

  it('a simulated model never asks, even with a ceiling of 0', async () => {
    const { exp, tasks } = await planned({ models: ['sim:inverse'], confirmAboveUsd: 0 });
    await confirmSpend(exp, tasks, { yes: false, interactive: false });
  });
});

describe('spend guard (CLI, no terminal)', () => {
  let server: ProtocolServer;
  let dir: string;
  before(async () => {
    server = await startAnthropicContractServer();
    dir = tempDir();
  });
  after(() => server.close());

  it('refuses a run above the ceiling with exit 2 and the numbers, and writes nothing', async () => {
    const r = await runCli(
      ['run', '--model', MODEL, '--base-url', server.url, '--tasks', 'misleading-math', '--limit', '100'],
      dir,
      KEY,
    );
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /overthink: this run is estimated at \$[\d,]+\.\d\d \(1,800 samples: /);
    assert.match(r.stderr, /Nothing was run\. `overthink plan` with the same flags/);
    assert.match(r.stderr, /--yes accepts the spend, --confirm-above <usd> raises the ceiling/);
    assert.equal(server.requests.length, 0);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('with --yes it runs', async () => {
    const r = await runCli(
      [
        'run',
        '--model',
        MODEL,
        '--base-url',
        server.url,
        '--tasks',
        'misleading-math',
        '--limit',
        '1',
        '--budgets',
        '0',
        '--trials',
        '1',
        '--confirm-above',
        '0',
        '--yes',
        '--no-report',
        '-q',
      ],
      dir,
      KEY,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /stored 1\/1 samples · 1 new · 0 failed/);
    assert.ok(existsSync(join(dir, 'overthink.db')));
    assert.equal(server.requests.length, 1);
  });
});
