import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ModelEntry } from '../../src/config/schema.js';
import { loadExperiment } from '../../src/run/load.js';
import { legacyRunIdOf, runIdOf } from '../../src/run/plan.js';
import { runExperiment } from '../../src/run/run.js';
import { openStore } from '../../src/store/open.js';
import { listRuns, upsertRun } from '../../src/store/runs.js';
import { type ChatStreamServer, startChatStreamServer } from '../contracts/chat-stream-server.js';
import { tempDir } from '../helpers/cli.js';

const model = (options?: Record<string, unknown>) => ({
  id: 'openai-compatible:qwen3',
  baseUrl: 'http://127.0.0.1:9/v1',
  budgetMode: 'vllm' as const,
  ...(options ? { options } : {}),
});
const experiment = (m: ModelEntry, over: Record<string, unknown> = {}) =>
  loadExperiment({
    overrides: {
      models: [m],
      tasks: [{ id: 'misleading-math', options: { n: 4 } }],
      budgets: [0, 1024],
      trials: 1,
      ...over,
    },
  }).experiment;

describe('run ids: how a sample travels is not part of the experiment', () => {
  it('stream, client and streamIdleSeconds leave the id as it is without them, wherever they are written', () => {
    const plain = runIdOf(experiment(model()));
    assert.equal(runIdOf(experiment(model({ stream: true }))), plain);
    assert.equal(runIdOf(experiment(model({ stream: false, streamIdleSeconds: 60 }))), plain);
    assert.equal(runIdOf(experiment(model({ client: 'sdk' }))), plain);
    // Transport options beside another option: the other option alone decides.
    const summary = runIdOf(experiment(model({ reasoningText: 'reasoning' })));
    assert.notEqual(summary, plain, 'an option that changes the answer changes the id');
    assert.equal(runIdOf(experiment(model({ stream: true, reasoningText: 'reasoning' }))), summary);
    assert.equal(
      runIdOf(experiment(model({ reasoningText: 'reasoning', stream: true, client: 'http' }))),
      summary,
    );
    // The options written before the id and budget mode, as a user may order a YAML entry.
    const { id, baseUrl, budgetMode } = model();
    assert.equal(runIdOf(experiment({ options: { stream: true }, id, baseUrl, budgetMode })), plain);
    // The natural regime, where the resolver fills in the family's natural ceiling as an option.
    const claude = { id: 'anthropic:claude-sonnet-4-6' };
    const natural = { regime: 'natural', budgets: undefined, trials: 5 };
    assert.equal(
      runIdOf(experiment({ ...claude, options: { stream: true } }, natural)),
      runIdOf(experiment(claude, natural)),
    );
    assert.notEqual(
      runIdOf(experiment({ ...claude, options: { stream: true, naturalThinkingBudget: 4096 } }, natural)),
      runIdOf(experiment(claude, natural)),
      'a natural ceiling the user set is part of the experiment',
    );
    // And what does change the samples still changes the id.
    assert.notEqual(runIdOf(experiment(model({ stream: true }), { trials: 2 })), plain);
  });

  it('an experiment without transport options keeps the id it always had; one with them remembers its old id', () => {
    const exp = experiment(model({ reasoningText: 'reasoning' }));
    assert.equal(legacyRunIdOf(exp), undefined);
    // r-… below: runIdOf of main before this change (commit 035ddc6), on the same experiments.
    assert.equal(runIdOf(exp), 'r-8d0ac661f54a');
    const streamed = experiment(model({ stream: true, reasoningText: 'reasoning' }));
    assert.equal(legacyRunIdOf(streamed), 'r-4e50aea31454');
    assert.equal(runIdOf(streamed), runIdOf(exp));
  });
});

describe('a run resumes across a change of transport', () => {
  let server: ChatStreamServer;
  before(async () => {
    server = await startChatStreamServer(
      () => ({
        text: '<answer>2</answer>',
        reasoning: 'count the fruit. '.repeat(20),
        promptTokens: 30,
        completionTokens: 200,
      }),
      () => undefined,
    );
  });
  after(() => server.close());
  const served = (options: Record<string, unknown>) => ({ ...model(options), baseUrl: `${server.url}/v1` });

  it('a run made unstreamed, cut short, finishes streamed under the same id, redoing only what was missing', async () => {
    const db = join(tempDir(), 'r.db');
    const first = await runExperiment(
      loadExperiment({
        overrides: {
          models: [served({ stream: false })],
          tasks: [{ id: 'misleading-math', options: { n: 4 } }],
          budgets: [0, 1024],
          trials: 1,
        },
      }),
      { db, progress: false },
    );
    assert.equal(first.status, 'complete');
    const store = openStore(db, { mustExist: true });
    store.exec('DELETE FROM samples WHERE rowid IN (SELECT rowid FROM samples ORDER BY rowid DESC LIMIT 3)');
    store.close();
    const before = server.bodies.length;
    const again = await runExperiment(
      loadExperiment({
        overrides: {
          models: [served({ stream: true, streamIdleSeconds: 30 })],
          tasks: [{ id: 'misleading-math', options: { n: 4 } }],
          budgets: [0, 1024],
          trials: 1,
        },
      }),
      { db, progress: false },
    );
    assert.equal(again.runId, first.runId);
    assert.equal(again.alreadyDone, first.total - 3);
    assert.equal(again.summary.attempted, 3);
    assert.equal(server.bodies.length - before, 3);
    assert.ok(
      server.bodies.slice(before).every((b) => b.stream === true),
      'the resumed samples were streamed',
    );
    assert.equal(again.status, 'complete');
  });

  it('a run an earlier version stored under the id that held its transport options is resumed, not started again', async () => {
    const db = join(tempDir(), 'l.db');
    const loaded = loadExperiment({
      overrides: {
        models: [served({ stream: true })],
        tasks: [{ id: 'misleading-math', options: { n: 4 } }],
        budgets: [0, 1024],
        trials: 1,
      },
    });
    const legacy = legacyRunIdOf(loaded.experiment);
    assert.ok(legacy);
    // What the earlier version left: its run row (samples under it would be found by their keys).
    const store = openStore(db);
    const now = new Date().toISOString();
    upsertRun(store, {
      id: legacy,
      name: null,
      created_at: now,
      updated_at: now,
      status: 'interrupted',
      tool_version: 'earlier',
      simulated: 0,
      config_json: '{}',
      manifest_json: '{}',
    });
    store.close();
    const run = await runExperiment(loaded, { db, progress: false });
    assert.equal(run.runId, legacy);
    const after = openStore(db, { mustExist: true, readonly: true });
    assert.deepEqual(
      listRuns(after).map((r) => r.id),
      [legacy],
    );
    after.close();
    // A fresh store gets the new id.
    const fresh = await runExperiment(loaded, { db: join(tempDir(), 'f.db'), progress: false });
    assert.equal(fresh.runId, runIdOf(loaded.experiment));
    assert.notEqual(fresh.runId, legacy);
  });
});
