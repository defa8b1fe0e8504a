import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { computeCurves } from '../../src/analysis/curves.js';
import { analyseReplay, replayTraces } from '../../src/analysis/replay.js';
import { loadRunData } from '../../src/analysis/samples.js';
import { analyseScheduler } from '../../src/analysis/scheduler.js';
import type { SampleKey } from '../../src/core/sample-key.js';
import { SIM_PROFILES } from '../../src/providers/sim/profiles.js';
import { simTrace } from '../../src/providers/sim/trace.js';
import { checkpointsOf, parseAt, parseEvery } from '../../src/run/checkpoints.js';
import { loadExperiment } from '../../src/run/load.js';
import { replayRun } from '../../src/run/replay.js';
import { runExperiment } from '../../src/run/run.js';
import { budgetFromDb } from '../../src/store/budget-column.js';
import { openStore } from '../../src/store/open.js';
import { upsertRun } from '../../src/store/runs.js';
import { UserError } from '../../src/util/errors.js';
import { tempDir } from '../helpers/cli.js';

/**
 * Replay on a sim model, through the store, against the simulator's own truth: every probe must
 * read what the simulated trace held at that checkpoint (sim/trace.ts), so each trace's first right
 * point, last flip and loss are the true ones; a rerun makes nothing new, and lost probes are made
 * again.
 */
const AT = '256,512,1024,2048,4096,8192';
const dir = tempDir();
const db = join(dir, 'replay.db');
let runId = '';

before(async () => {
  const loaded = loadExperiment({
    overrides: {
      models: ['sim:peaked'],
      tasks: ['misleading-math'],
      budgets: [0, 1024, 16384],
      trials: 2,
      limit: 60,
      seed: 11,
      scheduler: { chunk: 512, agree: 2 },
    } as never,
  });
  runId = (await runExperiment(loaded, { db, progress: false })).runId;
});

const replay = (at = AT) => replayRun({ db, checkpoints: parseAt(at), probeTokens: 32, progress: false });

function readBack() {
  const s = openStore(db, { mustExist: true });
  try {
    const data = loadRunData(s, runId, { tags: false, excerptChars: 0 });
    const curves = computeCurves(data);
    return {
      data,
      traces: replayTraces(data),
      groups: analyseReplay(data, curves, analyseScheduler(data, curves)),
    };
  } finally {
    s.close();
  }
}

test('every trace of the largest budget is probed at each checkpoint before its end, and each probe reads what the simulated trace held there', async () => {
  const r = await replay();
  assert.equal(r.status, 'complete');
  assert.deepEqual(
    r.replayed.map((m) => [m.model, m.budget, m.traces]),
    [['sim:peaked', 16384, 120]],
  );
  const { data, traces } = readBack();
  assert.equal(traces.length, 120, 'one trace per item and trial; the scheduler arm is not replayed');
  const items = new Map([...data.items.values()].map((it) => [it.itemId, it]));
  const s = openStore(db, { mustExist: true });
  const stored = new Map(
    (
      s.prepare('SELECT key, seed, max_tokens, budget FROM samples WHERE run_id = ?').all(runId) as {
        key: string;
        seed: number;
        max_tokens: number;
        budget: number;
      }[]
    ).map((x) => [x.key, x]),
  );
  s.close();
  let lost = 0;
  for (const t of traces) {
    const row = stored.get(t.key)!;
    const key: SampleKey = {
      model: t.model,
      taskId: t.taskId,
      itemId: t.itemId,
      regime: 'controlled',
      budget: budgetFromDb(row.budget),
      trial: t.trial,
      variant: t.variant,
    };
    const truth = simTrace(SIM_PROFILES.peaked, {
      key,
      seed: row.seed,
      system: '',
      user: '',
      budget: key.budget,
      maxTokens: row.max_tokens,
      item: items.get(t.itemId)!,
    });
    const expected = checkpointsOf(parseAt(AT), t.tokens).map((c) => c.at);
    assert.deepEqual(
      t.points.map((p) => p.at),
      expected,
      'exactly the checkpoints below the end',
    );
    for (const p of t.points)
      assert.equal(p.right, truth.rightAt(p.at), `${t.itemId} trial ${t.trial} at ${p.at}`);
    // The first right point and the loss follow from the truth at the checkpoints and the stored end.
    const seq = [
      ...expected.map((at) => ({ at, right: truth.rightAt(at) })),
      { at: t.tokens, right: t.end.right },
    ];
    assert.equal(t.firstRight, seq.find((x) => x.right)?.at ?? null);
    assert.equal(t.hadItAndLostIt, !t.end.right && seq.slice(0, -1).some((x) => x.right));
    if (t.hadItAndLostIt) lost++;
  }
  assert.ok(lost > 0, 'some simulated traces had the right answer and lost it');
});

test('the group findings: the oracle stopper is never worse than the end, and the fixed budgets and scheduler arm sit beside them', () => {
  const { groups, traces } = readBack();
  assert.equal(groups.length, 1);
  const g = groups[0];
  assert.equal(g.traces, 120);
  assert.equal(g.items, 60);
  assert.ok(g.oracle.accuracy.estimate >= g.endAccuracy.estimate);
  assert.ok(g.oracle.meanTokens.estimate <= g.meanTokens);
  const ever = traces.filter((t) => t.firstRight !== null).length;
  assert.equal(g.oracle.accuracy.estimate, ever / traces.length);
  assert.equal(g.hadItAndLostIt.estimate, traces.filter((t) => t.hadItAndLostIt).length / traces.length);
  for (const i of [g.oracle.accuracy, g.endAccuracy, g.hadItAndLostIt, g.rightBeforeEnd])
    assert.ok(i.lo <= i.estimate && i.estimate <= i.hi && i.lo >= 0 && i.hi <= 1);
  assert.deepEqual(
    g.fixed.map((f) => f.budget),
    [0, 1024, 16384],
  );
  assert.ok(g.scheduler && g.scheduler.score > 0, 'the scheduler arm of the same run');
  assert.deepEqual(
    g.curve.map((c) => c.mark),
    ['256', '512', '1024', '2048', '4096', '8192', 'end'],
  );
  assert.equal(
    g.probes,
    traces.reduce((n, t) => n + t.points.length, 0),
  );
  assert.ok(g.meanProbeTokens > 0 && g.meanProbeTokens <= 32, 'probe tokens are counted apart, per probe');
});

test('a rerun makes no probe again; probes that were lost are made again, and read the same', async () => {
  const before = readBack().traces;
  const again = await replay();
  assert.equal(
    again.replayed.reduce((s, m) => s + m.probes, 0),
    0,
  );
  const s = openStore(db);
  const removed = s
    .prepare("DELETE FROM replay_probes WHERE run_id = ? AND mark IN ('1024', '8192')")
    .run(runId).changes;
  s.close();
  assert.ok(removed > 100);
  const resumed = await replay();
  assert.equal(
    resumed.replayed.reduce((x, m) => x + m.probes, 0),
    removed,
  );
  assert.deepEqual(readBack().traces, before);
});

test('--every reads shares of each trace, stored beside the token checkpoints', async () => {
  const r = await replayRun({ db, checkpoints: parseEvery('25%'), probeTokens: 32, progress: false });
  assert.equal(r.replayed[0].probes, 120 * 3);
  const g = readBack().groups[0];
  assert.ok(['25%', '50%', '75%'].every((m) => g.curve.some((c) => c.mark === m)));
});

test('a run of API models only is refused with the reason, and nothing is written', async () => {
  const s = openStore(db);
  upsertRun(s, {
    id: 'r-api',
    name: 'api-only',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2000-01-01T00:00:00Z',
    status: 'complete',
    tool_version: 'test',
    simulated: 0,
    config_json: JSON.stringify({ models: ['anthropic:claude-sonnet-4-6'], timeoutMs: 1000, concurrency: 1 }),
    manifest_json: '{}',
  });
  const count = () => s.prepare('SELECT COUNT(*) FROM replay_probes').pluck().get();
  const n = count();
  await assert.rejects(
    replayRun({ db, run: 'r-api', checkpoints: parseAt('100'), probeTokens: 8, progress: false }),
    (e: unknown) =>
      e instanceof UserError &&
      /replay needs a backend that continues a stored reasoning trace/.test(e.message),
  );
  assert.equal(count(), n);
  s.close();
});
