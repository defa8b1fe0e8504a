import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyseRun } from '../../../src/analysis/analyse.js';
import { loadRunData } from '../../../src/analysis/samples.js';
import { SCHEDULER_DEFAULTS, type SchedulerSettings } from '../../../src/core/scheduler.js';
import { FORCING_DEFAULTS, type Segment } from '../../../src/providers/local/forcing.js';
import { type ProbingBackend, runScheduled } from '../../../src/providers/local/scheduled.js';
import {
  agreed,
  defaultStopPolicy,
  type Probe,
  readProbeAnswer,
} from '../../../src/providers/local/stop-policy.js';
import { SIM_PROFILES } from '../../../src/providers/sim/profiles.js';
import { simulateScheduled } from '../../../src/providers/sim/scheduled.js';
import type { GenerateRequest } from '../../../src/providers/types.js';
import { loadExperimentItems } from '../../../src/run/items.js';
import { loadExperiment } from '../../../src/run/load.js';
import { planSamples, planSize, runIdOf } from '../../../src/run/plan.js';
import { runExperiment } from '../../../src/run/run.js';
import { openStore } from '../../../src/store/open.js';
import { sampleAsWritten } from '../../../src/store/raw-body.js';
import type { SampleRow } from '../../../src/store/samples.js';
import { UserError } from '../../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'overthink-scheduler-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const probe = (answer: string | null, hedged = false, atTokens = 0): Probe => ({
  atTokens,
  text: '',
  tokens: 1,
  answer,
  hedged,
});

describe('scheduler policy', () => {
  it('reads the answer up to </answer> or the first line, normalised', () => {
    assert.equal(readProbeAnswer(' 42</answer>\nmore'), '42');
    assert.equal(readProbeAnswer('(B) </answer>'), 'b');
    assert.equal(readProbeAnswer('Seven.\nThen something'), 'seven');
    assert.equal(readProbeAnswer('   \n  '), null);
    assert.equal(readProbeAnswer('</answer>'), null);
  });

  it('marks hedges, question marks and missing answers as unsure', () => {
    const p = defaultStopPolicy({ agree: 2, hedges: [...SCHEDULER_DEFAULTS.hedges] });
    assert.deepEqual(p.read('42</answer>'), { answer: '42', hedged: false });
    assert.equal(p.read('maybe 42</answer>').hedged, true);
    assert.equal(p.read('42 or 43</answer>').hedged, true);
    assert.equal(p.read('Wait, 42</answer>').hedged, true);
    assert.equal(p.read('42?</answer>').hedged, true);
    assert.equal(p.read('</answer>').hedged, true);
    // Whole words only: "orange" is not "or", "perhapsy" is not "perhaps".
    assert.equal(p.read('orange</answer>').hedged, false);
    // A custom list replaces the default.
    const q = defaultStopPolicy({ agree: 2, hedges: ['not sure'] });
    assert.equal(q.read('maybe 42</answer>').hedged, false);
    assert.equal(q.read('42, not   sure</answer>').hedged, true);
  });

  it('stops only when the last k probes agree, answered and unhedged', () => {
    assert.equal(agreed([probe('4'), probe('4')], 3), false);
    assert.equal(agreed([probe('5'), probe('4'), probe('4'), probe('4')], 3), true);
    assert.equal(agreed([probe('4'), probe('4', true), probe('4')], 3), false);
    assert.equal(agreed([probe(null), probe(null), probe(null)], 3), false);
    assert.equal(agreed([probe('4'), probe('4'), probe('5')], 2), false);
    assert.equal(agreed([probe('4')], 1), true);
  });
});

/** A scripted backend: the model would close at `closeAt` thought tokens; probes answer `answers[i]`. */
class ScriptedBackend implements ProbingBackend {
  readonly notes: string[] = [];
  readonly log: string[] = [];
  t = 0;
  probes = 0;
  constructor(
    private readonly closeAt: number,
    private readonly answers: string[],
  ) {}
  async sample(phase: 'think' | 'answer', max: number): Promise<Segment> {
    if (phase === 'answer') {
      this.log.push(`answer ${max}`);
      return { text: '7</answer>', tokens: 3, stop: 'end' };
    }
    const k = Math.min(max, this.closeAt - this.t);
    this.t += k;
    this.log.push(`think ${k}`);
    return { text: 'x'.repeat(k), tokens: k, stop: this.t >= this.closeAt ? 'close' : 'limit' };
  }
  async insert(text: string) {
    this.log.push(`insert ${JSON.stringify(text)}`);
    return { text, tokens: 1 };
  }
  async probe(text: string, max: number): Promise<Segment> {
    this.log.push(`probe ${JSON.stringify(text)} ${max}`);
    const a = this.answers[Math.min(this.probes++, this.answers.length - 1)];
    return { text: `${a}</answer>`, tokens: 2, stop: 'end' };
  }
}

const settings = {
  mode: 'cut' as const,
  budget: 64,
  maxExtensions: 0,
  answerTokens: 16,
  maxTokens: 200,
  delimiters: { open: '<think>', close: '</think>' },
  openedByTemplate: false,
  answerPrefix: FORCING_DEFAULTS.answerPrefix,
  extendText: 'Wait',
};
const sched: SchedulerSettings = {
  chunk: 8,
  agree: 2,
  probeTokens: 5,
  ceiling: 64,
  hedges: [...SCHEDULER_DEFAULTS.hedges],
};

describe('scheduler mechanics', () => {
  it('probes after each chunk and stops when two probes agree; the answer is forced like a cut', async () => {
    const b = new ScriptedBackend(1000, ['3', '5', '5', '9']);
    const o = await runScheduled(b, settings, sched, defaultStopPolicy(sched));
    assert.equal(o.end, 'converged');
    assert.equal(o.thoughtTokens, 24);
    assert.equal(o.chunks, 3);
    assert.deepEqual(
      o.probes.map((p) => [p.atTokens, p.answer]),
      [
        [8, '3'],
        [16, '5'],
        [24, '5'],
      ],
    );
    assert.equal(o.probeTokens, 6);
    assert.equal(o.answer, `${FORCING_DEFAULTS.answerPrefix}7</answer>`);
    assert.equal(o.forcedAnswer, true);
    const forced = JSON.stringify(`\n</think>\n\n${FORCING_DEFAULTS.answerPrefix}`);
    assert.deepEqual(b.log, [
      'insert "<think>\\n"',
      'think 8',
      `probe ${forced} 5`,
      'think 8',
      `probe ${forced} 5`,
      'think 8',
      `probe ${forced} 5`,
      `insert ${forced}`,
      'answer 16',
    ]);
  });

  it('never probes past the ceiling, and a last partial chunk is cut to fit', async () => {
    const o = await runScheduled(
      new ScriptedBackend(1000, ['1', '2', '3', '4', '5', '6', '7', '8', '9']),
      settings,
      { ...sched, ceiling: 30 },
      defaultStopPolicy(sched),
    );
    assert.equal(o.end, 'budget');
    assert.equal(o.thoughtTokens, 30);
    assert.equal(o.chunks, 4);
    assert.deepEqual(
      o.probes.map((p) => p.atTokens),
      [8, 16, 24],
    );
  });

  it('when the model closes its reasoning first, it answers freely and no probe follows', async () => {
    const b = new ScriptedBackend(12, ['1', '2']);
    const o = await runScheduled(b, settings, sched, defaultStopPolicy(sched));
    assert.equal(o.end, 'model');
    assert.equal(o.thoughtTokens, 12);
    assert.equal(o.probes.length, 1);
    assert.equal(o.forcedAnswer, false);
    assert.deepEqual(b.log.slice(-2), ['insert "</think>"', 'answer 188']);
  });
});

function simRequest(itemId: string, seed: number, ceiling = 4096): GenerateRequest {
  return {
    key: {
      model: 'sim:inverse',
      taskId: 't',
      itemId,
      regime: 'controlled',
      budget: ceiling,
      trial: 0,
      variant: 'paper+scheduler',
    },
    seed,
    system: 's',
    user: 'u',
    budget: ceiling,
    maxTokens: ceiling + 1000,
    item: {
      taskId: 't',
      itemId,
      prompt: 'q 3 4',
      target: { kind: 'number', value: 3, tolerance: 0 },
      strata: {},
    },
    scheduler: { ...sched, chunk: 256, agree: 3, probeTokens: 24, ceiling },
  };
}

describe('scheduler on sim: token accounting', () => {
  it('reasoning = the chunks run, probes counted apart, output = reasoning + answer', async () => {
    const ends: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const req = simRequest(`i${i}`, 1000 + i);
      const r = await simulateScheduled(SIM_PROFILES.inverse, req, 'none');
      const rec = (
        r.raw as {
          scheduler: {
            end: string;
            chunks: number;
            probeTokens: number;
            probes: { at: number; tokens: number; answer: string | null; hedged: boolean }[];
          };
        }
      ).scheduler;
      ends[rec.end] = (ends[rec.end] ?? 0) + 1;
      assert.ok(r.usage.reasoning <= 4096);
      assert.ok(
        r.usage.output - r.usage.reasoning > 0 && r.usage.output - r.usage.reasoning < 24,
        'the answer, not the probes',
      );
      assert.equal(
        rec.probeTokens,
        rec.probes.reduce((s, p) => s + p.tokens, 0),
      );
      // A probe after every full chunk below the ceiling, at multiples of the chunk.
      assert.deepEqual(
        rec.probes.map((p) => p.at),
        rec.probes.map((_, k) => 256 * (k + 1)),
      );
      if (rec.end === 'converged') {
        assert.equal(r.usage.reasoning, 256 * rec.chunks);
        const last = rec.probes.slice(-3);
        assert.ok(last.length === 3 && last.every((p) => !p.hedged && p.answer === last[0].answer));
        assert.match(r.text, /^Final answer: <answer>[^<]+<\/answer>$/);
      } else if (rec.end === 'model') {
        assert.ok(r.usage.reasoning < 256 * rec.chunks + 1);
        assert.match(r.text, /^<answer>[^<]+<\/answer>$/);
      } else {
        assert.equal(rec.end, 'budget');
        assert.equal(r.usage.reasoning, 4096);
      }
      assert.ok(Number.isInteger(r.usage.reasoning));
      assert.deepEqual(r.sentParams.scheduler, req.scheduler);
      // Same seed, same bytes.
      assert.deepEqual(await simulateScheduled(SIM_PROFILES.inverse, req, 'none'), r);
    }
    assert.ok((ends.converged ?? 0) > 100, `most samples converge: ${JSON.stringify(ends)}`);
    assert.ok((ends.model ?? 0) > 0, `some close by themselves: ${JSON.stringify(ends)}`);
  });

  it('a sweep with a scheduler arm: planned, stored, and reported beside the fixed budgets', async () => {
    const db = join(dir, 'sweep.db');
    const loaded = loadExperiment({
      overrides: {
        models: ['sim:inverse', 'sim:flat'],
        tasks: [{ id: 'misleading-math', options: { n: 60 } }],
        budgets: [0, 1024, 4096, 16384],
        trials: 2,
        scheduler: { chunk: 256, agree: 3, models: ['sim:inverse'] },
      },
    });
    const exp = loaded.experiment;
    const tasks = await loadExperimentItems(exp, loaded.baseDir);
    // 60 items × 2 trials × (2 models × 4 budgets + 1 scheduler arm).
    assert.equal(planSize(exp, tasks), 60 * 2 * 9);
    const planned = [...planSamples(exp, runIdOf(exp), tasks)];
    assert.equal(planned.length, planSize(exp, tasks));
    const arm = planned.filter((s) => s.scheduler);
    assert.equal(arm.length, 120);
    assert.ok(
      arm.every(
        (s) => s.key.variant === 'paper+scheduler' && s.key.budget === 16384 && s.key.model === 'sim:inverse',
      ),
    );
    assert.ok(arm.every((s) => s.scheduler?.ceiling === 16384 && s.maxTokens === 16384 + 10000));
    // The scheduler block is part of what a run is: adding it changes the run id.
    const { scheduler: _s, ...without } = exp;
    assert.notEqual(runIdOf(without as typeof exp), runIdOf(exp));

    const r = await runExperiment(loaded, { db, progress: false });
    assert.equal(r.status, 'complete');
    assert.equal(r.stored.total, 60 * 2 * 9);
    const store = openStore(db, { mustExist: true });
    try {
      const data = loadRunData(store, r.runId, { tags: false, excerptChars: 0 });
      const a = analyseRun(data);
      assert.equal(a.scheduler.length, 1);
      const arm0 = a.scheduler[0];
      assert.equal(arm0.model, 'sim:inverse');
      assert.equal(arm0.baseVariant, 'paper');
      assert.equal(arm0.n, 120);
      // The raw body as written (its compact form rebuilt: text-codec.js), averaged here in JS.
      const stored = (
        store
          .prepare("SELECT * FROM samples WHERE run_id = ? AND variant = 'paper+scheduler'")
          .all(r.runId) as SampleRow[]
      ).map(sampleAsWritten);
      const mean = (f: (s: SampleRow) => number) => stored.reduce((t, s) => t + f(s), 0) / stored.length;
      const sched = (s: SampleRow) =>
        (JSON.parse(s.raw ?? '{}') as { scheduler: { probeTokens: number; probes: unknown[] } }).scheduler;
      const sql = [
        mean((s) => s.reasoning_tokens ?? 0),
        mean((s) => sched(s).probeTokens),
        mean((s) => sched(s).probes.length),
        stored.reduce((t, s) => t + (s.output_tokens ?? 0) - (s.reasoning_tokens ?? 0), 0),
      ];
      assert.ok(Math.abs(arm0.meanTokens - sql[0]) < 1e-9);
      assert.ok(Math.abs((arm0.meanProbeTokens ?? -1) - sql[1]) < 1e-9);
      assert.ok(Math.abs((arm0.meanProbes ?? -1) - sql[2]) < 1e-9);
      assert.ok(sql[1] > 0, 'probes cost tokens');
      assert.ok(sql[3] < 120 * 24, 'output tokens beyond reasoning are answers only, never probes');
      assert.equal(
        Object.values(arm0.ends).reduce((s, n) => s + n, 0),
        120,
      );
      // It stops early: far below the ceiling, and (inverse profile) above the largest budget's score.
      assert.ok(arm0.meanTokens < 4096, `mean tokens ${arm0.meanTokens}`);
      assert.equal(arm0.largestFixed?.budget, 16384);
      assert.ok(
        arm0.score > (arm0.largestFixed?.score ?? 1),
        'the scheduler beats the largest budget on sim:inverse',
      );
      // No trend, compliance row or gate case is made of the arm itself.
      assert.ok(a.trends.every((t) => t.variant === 'paper'));
      assert.ok(a.compliance.every((c) => c.variant === 'paper'));
    } finally {
      store.close();
    }
  });

  it('rejects a scheduler it cannot run, before anything is written', () => {
    const bad = (overrides: Record<string, unknown>, re: RegExp) =>
      assert.throws(
        () =>
          loadExperiment({
            overrides: { models: ['sim:inverse'], tasks: ['misleading-math'], ...overrides },
          }),
        (err: unknown) => err instanceof UserError && re.test(err.message),
      );
    bad({ models: ['anthropic:claude-sonnet-4-6'], scheduler: {} }, /cannot run the scheduler/);
    bad({ regime: 'natural', scheduler: {} }, /scheduler: expected the controlled regime/);
    bad({ scheduler: { models: ['sim:flat'] } }, /scheduler\.models\[0\]: 'sim:flat' is not one of models/);
    bad({ scheduler: { chunk: 0 } }, /scheduler\.chunk/);
    bad({ scheduler: { agreee: 3 } }, /scheduler/);
  });
});
