import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRunData } from '../../src/analysis/samples.js';
import { importForeign } from '../../src/import/import.js';
import { EvalZip } from '../../src/import/inspect/eval-zip.js';
import { inspectFiles } from '../../src/import/inspect.js';
import { parseJsonText } from '../../src/import/json-text.js';
import { checkEvalLog } from '../../src/report/inspect-schema.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { deflatedJson, memberBytes, zipDirectory } from './zip-directory.js';

/**
 * The Inspect importer on real Inspect logs (test/fixtures/inspect/real, from Inspect's own test
 * suite) and on sweeps edited from one of them (make-sweeps.py). What the importer reads is checked
 * against what the files hold, read a second way: the ZIP's central directory and zlib's inflate.
 */
const FIX = join(ROOT, 'test/fixtures/inspect');
const CLAUDE = join(FIX, 'sweep-claude');
const EFFORT = join(FIX, 'sweep-effort');

async function importInto(db: string, paths: string[], o: { runName?: string; scorer?: string } = {}) {
  return importForeign(inspectFiles(paths, { scorer: o.scorer }), { db, runName: o.runName });
}

/** Every edited log as one EvalLog object (an .eval's header and samples put together). */
async function wholeLog(file: string): Promise<Record<string, unknown>> {
  if (file.endsWith('.json'))
    return parseJsonText(readFileSync(file, 'utf8'), file) as Record<string, unknown>;
  const z = await EvalZip.open(file);
  try {
    const log = JSON.parse(await z.text('header.json'));
    log.samples = [];
    for (const n of z.names()) if (n.startsWith('samples/')) log.samples.push(JSON.parse(await z.text(n)));
    return log;
  } finally {
    z.close();
  }
}

test("every edited sweep log fits Inspect's log schema, and a broken one does not", async () => {
  const files = [CLAUDE, EFFORT].flatMap((d) => readdirSync(d).map((f) => join(d, f)));
  assert.equal(files.length, 6);
  for (const f of files) assert.deepEqual(checkEvalLog(await wholeLog(f)), [], f);
  const broken = await wholeLog(files[0]);
  delete (broken.eval as Record<string, unknown>).model;
  assert.match(checkEvalLog(broken)[0], /\/eval must have required property 'model'/);
});

test('a reasoning_tokens sweep of .eval logs (deflate and zstd members) is one run: samples, budgets, sources, outcomes', async () => {
  const db = join(tempDir('ovt-inspect-'), 's.db');
  const [run] = await importInto(db, [CLAUDE]);
  // Second path: the samples the ZIPs hold, from their central directories.
  const logs = readdirSync(CLAUDE).map((f) => join(CLAUDE, f));
  const members = logs.flatMap((f) => zipDirectory(f).filter((e) => /^samples\/.+\.json$/.test(e.name)));
  assert.equal(members.length, 60);
  assert.equal(run.added, 60);
  assert.deepEqual(run.budgets, [1024, 4096, 16384]);
  const methods = new Set(logs.flatMap((f) => zipDirectory(f).map((e) => e.method)));
  assert.deepEqual([...methods].sort(), [8, 93], 'the sweep mixes deflate and zstd logs');

  const store = openStore(db, { readonly: true });
  try {
    const data = loadRunData(store, run.id, { tags: false, excerptChars: 0 });
    assert.equal(data.samples.length, 60);
    assert.match(data.origin?.notes.join(' ') ?? '', /summarised thinking/);
    assert.ok(
      data.samples.every((s) => s.reasoningSource === 'summary'),
      "Claude counts before Inspect's fix",
    );
    // Deflated logs, read with zlib: each sample's letter and reasoning count against what was imported.
    for (const f of logs) {
      for (const e of zipDirectory(f).filter((x) => x.method === 8 && x.name.startsWith('samples/'))) {
        const s = deflatedJson(f, e) as {
          id: number;
          epoch: number;
          scores: { match: { value: string } };
          model_usage: Record<string, { reasoning_tokens: number }>;
          output: { choices: { stop_reason: string }[] };
        };
        const budget = Number(/claude-(\d+)/.exec(f)?.[1]);
        const got = data.samples.find(
          (x) => x.itemId === String(s.id) && x.trial === s.epoch - 1 && x.budget === budget,
        );
        assert.ok(got, `${f} ${e.name}`);
        const letter = s.scores.match.value;
        const stop = s.output.choices[0].stop_reason;
        const want =
          letter === 'C'
            ? 'correct'
            : stop === 'max_tokens'
              ? 'truncated'
              : letter === 'N'
                ? 'unparsable'
                : 'wrong';
        assert.equal(got.outcome, want, `${e.name} at ${budget}`);
        assert.equal(got.reasoningTokens, s.model_usage['anthropic/claude-sonnet-4-5'].reasoning_tokens);
      }
    }
    // The zstd log, from the pattern make-sweeps.py wrote: items 1-2 right; items 9-10 of epoch 2 cut off.
    const top = data.samples.filter((s) => s.budget === 16384);
    const count = (o: string) => top.filter((s) => s.outcome === o).length;
    assert.deepEqual([count('correct'), count('truncated'), count('wrong')], [4, 2, 14]);
    assert.ok(
      top
        .filter((s) => s.outcome === 'truncated')
        .every((s) => s.stopReason === 'max_tokens' && s.trial === 1),
    );
    const sent = store
      .prepare('SELECT DISTINCT sent_params FROM samples WHERE run_id = ? ORDER BY budget')
      .pluck()
      .all(run.id);
    assert.deepEqual(
      sent.map((p) => JSON.parse(p as string).reasoning_tokens),
      [1024, 4096, 16384],
    );
  } finally {
    store.close();
  }
});

test('a reasoning_effort sweep of .json logs holding NaN: levels in sent_params at nominal budgets, provider counts', async () => {
  const files = readdirSync(EFFORT).map((f) => join(EFFORT, f));
  assert.ok(
    files.some((f) => /"value": NaN/.test(readFileSync(f, 'utf8'))),
    'a fixture holds NaN as Python writes it',
  );
  const db = join(tempDir('ovt-inspect-'), 's.db');
  const [run] = await importInto(db, files);
  assert.deepEqual(run.budgets, [1024, 4096, 8192]);
  assert.match(run.notes.join(' '), /effort levels are stored at nominal budgets/);
  const store = openStore(db, { readonly: true });
  try {
    const data = loadRunData(store, run.id, { tags: false, excerptChars: 0 });
    assert.equal(data.samples.length, 30);
    assert.deepEqual([...(data.levels?.entries() ?? [])].sort(), [
      ['openai/o4-mini\u00001024', 'low'],
      ['openai/o4-mini\u00004096', 'medium'],
      ['openai/o4-mini\u00008192', 'high'],
    ]);
    assert.ok(data.samples.every((s) => s.reasoningSource === 'provider'));
    // Second path: the same files parsed whole (JSON.parse after NaN → null), the usage of each sample.
    for (const f of files) {
      const log = JSON.parse(readFileSync(f, 'utf8').replace(/\bNaN\b/g, 'null'));
      const level = log.eval.model_generate_config.reasoning_effort as string;
      for (const s of log.samples) {
        const got = data.samples.find(
          (x) => x.itemId === String(s.id) && data.levels?.get(`openai/o4-mini\u0000${x.budget}`) === level,
        );
        assert.equal(got?.reasoningTokens, s.model_usage['openai/o4-mini'].reasoning_tokens);
        assert.equal(got?.outcome, s.scores.match.value === 'C' ? 'correct' : 'wrong');
      }
    }
    const notes = store
      .prepare('SELECT DISTINCT budget_note FROM samples WHERE run_id = ? ORDER BY budget')
      .pluck()
      .all(run.id);
    assert.deepEqual(notes, [
      "Inspect reasoning_effort 'low', stored at the nominal budget 1024",
      "Inspect reasoning_effort 'medium', stored at the nominal budget 4096",
      "Inspect reasoning_effort 'high', stored at the nominal budget 8192",
    ]);
  } finally {
    store.close();
  }
});

test('a real log re-packed with zstd members (one in two frames) imports as its deflate original does', async () => {
  const packed = join(FIX, 'zstd/log_read_sample-zstd.eval');
  const header = zipDirectory(packed).find((e) => e.name === 'header.json');
  assert.ok(header && header.method === 93);
  const magic = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
  const bytes = memberBytes(packed, header);
  assert.ok(bytes.indexOf(magic, 4) > 0, 'the header member is two zstd frames');
  const rows = async (file: string) => {
    const db = join(tempDir('ovt-zstd-'), 's.db');
    await importInto(db, [file], { runName: 'same' });
    const d = openStore(db, { readonly: true });
    try {
      return d
        .prepare(
          `SELECT item_id, trial, budget, text, reasoning_text, input_tokens, output_tokens, reasoning_source, stop_reason,
                  latency_ms, score_json FROM samples JOIN imported_scores USING (key, run_id) ORDER BY key`,
        )
        .all();
    } finally {
      d.close();
    }
  };
  const a = await rows(packed);
  assert.equal(a.length, 1);
  assert.deepEqual(a, await rows(join(FIX, 'real/log_read_sample.eval')));
  // The .json log is another run of the same eval in Inspect's tests: all but its timing agrees.
  const json = (await rows(join(FIX, 'real/log_read_sample.json'))) as Record<string, unknown>[];
  const untimed = (r: Record<string, unknown>[]) => r.map(({ latency_ms: _, ...x }) => x);
  assert.deepEqual(untimed(a as Record<string, unknown>[]), untimed(json));
});

test('real logs: message de-duplication (format version 3), choices, a numeric score', async () => {
  const db = join(tempDir('ovt-real-'), 's.db');
  const runs = await importInto(db, [
    join(FIX, 'real/log_message_deduplication.eval'),
    join(FIX, 'real/mmlu-summary-choices.eval'),
  ]);
  assert.equal(runs.length, 2);
  const store = openStore(db, { readonly: true });
  try {
    const row = (task: string) =>
      store
        .prepare(
          `SELECT s.text, s.stop_reason, i.target_json, c.score_json FROM samples s JOIN items i USING (run_id, task_id, item_id)
           JOIN imported_scores c USING (key, run_id) WHERE s.task_id = ?`,
        )
        .get(task) as { text: string; stop_reason: string; target_json: string; score_json: string };
    const dedup = row('inspect_test_utils/guess_number');
    assert.equal(dedup.text, 'done');
    assert.deepEqual(JSON.parse(dedup.score_json), {
      outcome: 'wrong',
      value: 0,
      scorer: 'closeness_log',
      answer: null,
    });
    const mmlu = row('inspect_evals/mmlu_0_shot');
    assert.equal(JSON.parse(mmlu.target_json).kind, 'choice');
    assert.equal(JSON.parse(mmlu.target_json).index, 0, "target 'A' is the first choice");
    assert.deepEqual(JSON.parse(mmlu.score_json), {
      outcome: 'wrong',
      value: 'I',
      scorer: 'choice',
      answer: 'C',
    });
  } finally {
    store.close();
  }
});

test('importing the same logs again adds nothing and changes no row', async () => {
  const db = join(tempDir('ovt-twice-'), 's.db');
  await importInto(db, [CLAUDE]);
  const snapshot = () => {
    const d = openStore(db, { readonly: true });
    try {
      return [
        d.prepare('SELECT * FROM samples ORDER BY key').all(),
        d.prepare('SELECT * FROM imported_scores ORDER BY key').all(),
        d.prepare('SELECT * FROM runs').all(),
      ];
    } finally {
      d.close();
    }
  };
  const before = snapshot();
  const [again] = await importInto(db, [CLAUDE, join(CLAUDE, 'popularity-claude-1024.eval')]);
  assert.equal(again.added, 0);
  assert.equal(again.already, 60);
  assert.deepEqual(snapshot(), before);
});

test('a log added later joins its sweep; --run-name puts logs of two models in one run', async () => {
  const db = join(tempDir('ovt-grow-'), 's.db');
  const logs = readdirSync(CLAUDE).map((f) => join(CLAUDE, f));
  const [first] = await importInto(db, logs.slice(0, 2));
  const [second] = await importInto(db, logs.slice(2));
  assert.equal(first.id, second.id);
  const d = openStore(db, { readonly: true });
  try {
    assert.equal(d.prepare('SELECT COUNT(*) FROM samples WHERE run_id = ?').pluck().get(first.id), 60);
    assert.deepEqual(
      JSON.parse(d.prepare('SELECT config_json FROM runs').pluck().get() as string).budgets,
      [1024, 4096, 16384],
    );
  } finally {
    d.close();
  }
  const named = join(tempDir('ovt-named-'), 's.db');
  const runs = await importInto(named, [CLAUDE, EFFORT], { runName: 'both' });
  assert.equal(runs.length, 1);
  assert.deepEqual(runs[0].models, ['anthropic/claude-sonnet-4-5', 'openai/o4-mini']);
  const w = openStore(named);
  closeStore(w);
});

test('a sample with only its events: the conversation rebuilt from the message pool and the last model call', async () => {
  // The real de-duplicated log with the sample's own messages and output taken away, so that only its
  // events say what happened: the last call's input is ranges into the pool, its output the answer.
  const z = await EvalZip.open(join(FIX, 'real/log_message_deduplication.eval'));
  const log = JSON.parse(await z.text('header.json'));
  const sample = JSON.parse(await z.text('samples/0_epoch_1.json'));
  z.close();
  sample.messages = [];
  sample.output = { model: 'hardcoded', choices: [], completion: '' };
  // A reasoning block in a pooled assistant message: only expanding the pool can find it.
  sample.message_pool[1].content = [
    { type: 'reasoning', reasoning: 'list the files first', redacted: false },
    { type: 'text', text: sample.message_pool[1].content },
  ];
  log.samples = [sample];
  const dir = tempDir('ovt-pool-');
  writeFileSync(join(dir, 'log.json'), JSON.stringify(log));
  const db = join(dir, 's.db');
  await importInto(db, [join(dir, 'log.json')]);
  const d = openStore(db, { readonly: true });
  try {
    const row = d.prepare('SELECT text, reasoning_text FROM samples').get() as {
      text: string;
      reasoning_text: string;
    };
    assert.equal(row.text, 'done');
    assert.equal(row.reasoning_text, 'list the files first');
  } finally {
    d.close();
  }
});

test('a sample that failed is an error, not a wrong answer; --task and --model rename what is stored', async () => {
  const log = JSON.parse(readFileSync(join(EFFORT, 'popularity-o4-mini-low.json'), 'utf8'));
  log.samples[0].error = { message: 'RateLimitError: too many requests', traceback: '', traceback_ansi: '' };
  delete log.samples[0].scores;
  const dir = tempDir('ovt-error-');
  writeFileSync(join(dir, 'log.json'), JSON.stringify(log));
  const db = join(dir, 's.db');
  const [run] = await importForeign(inspectFiles([join(dir, 'log.json')], { task: 'pop', model: 'o4' }), {
    db,
  });
  assert.deepEqual([run.models, run.tasks], [['o4'], ['pop']]);
  const d = openStore(db, { readonly: true });
  try {
    const data = loadRunData(d, run.id, { tags: false, excerptChars: 0 });
    assert.equal(data.run.status, 'incomplete');
    const failed = data.samples.filter((s) => s.outcome === 'error');
    assert.deepEqual(
      failed.map((s) => s.itemId),
      [String(log.samples[0].id)],
    );
    assert.equal(
      d.prepare('SELECT error FROM samples WHERE error IS NOT NULL').pluck().get(),
      'RateLimitError: too many requests',
    );
  } finally {
    d.close();
  }
});

test("Claude's reasoning counts: summary before Inspect's fix, tokenizer for Claude 3.7's whole thinking, provider after", async () => {
  const dir = tempDir('ovt-claude-counts-');
  const sourceOf = async (model: string, version: string) => {
    const log = JSON.parse(readFileSync(join(EFFORT, 'popularity-o4-mini-low.json'), 'utf8'));
    log.eval.model = model;
    log.eval.packages.inspect_ai = version;
    for (const s of log.samples) s.model_usage = { [model]: s.model_usage['openai/o4-mini'] };
    const file = join(dir, `${model.replace(/\W/g, '-')}-${version}.json`);
    writeFileSync(file, JSON.stringify(log));
    const db = join(dir, `${version}-${model.replace(/\W/g, '-')}.db`);
    const [run] = await importInto(db, [file]);
    const d = openStore(db, { readonly: true });
    try {
      return [
        d.prepare('SELECT DISTINCT reasoning_source FROM samples').pluck().all(),
        run.notes.some((n) => /summarised thinking/.test(n)),
      ];
    } finally {
      d.close();
    }
  };
  assert.deepEqual(await sourceOf('anthropic/claude-opus-4-1', '0.3.260'), [['summary'], true]);
  assert.deepEqual(await sourceOf('anthropic/claude-opus-4-1', '0.3.261.dev3+gabc'), [['summary'], true]);
  assert.deepEqual(await sourceOf('anthropic/claude-opus-4-1', '0.3.261'), [['provider'], false]);
  assert.deepEqual(await sourceOf('anthropic/claude-3-7-sonnet-latest', '0.3.100'), [['tokenizer'], false]);
  assert.deepEqual(await sourceOf('google/gemini-2.5-pro', '0.3.100'), [['provider'], false]);
});

test('attachment:// references in a sample are resolved from its attachments', async () => {
  const log = JSON.parse(readFileSync(join(EFFORT, 'popularity-o4-mini-low.json'), 'utf8'));
  const s = log.samples[0];
  const prompt = s.input;
  s.attachments = { abc123: prompt, def456: 'No, not me.' };
  s.input = 'attachment://abc123';
  s.output.completion = '';
  s.output.choices[0].message.content = [{ type: 'text', text: 'attachment://def456' }];
  s.scores.match.answer = 'tc://def456';
  const dir = tempDir('ovt-attach-');
  writeFileSync(join(dir, 'log.json'), JSON.stringify(log));
  const db = join(dir, 's.db');
  await importInto(db, [join(dir, 'log.json')]);
  const d = openStore(db, { readonly: true });
  try {
    const row = d
      .prepare(
        `SELECT i.prompt, s.text, c.score_json FROM samples s JOIN items i USING (run_id, task_id, item_id)
         JOIN imported_scores c USING (key, run_id) WHERE s.item_id = ?`,
      )
      .get(String(s.id)) as { prompt: string; text: string; score_json: string };
    assert.equal(row.prompt, prompt);
    assert.equal(row.text, 'No, not me.');
    assert.equal(JSON.parse(row.score_json).answer, 'No, not me.', 'the older tc:// form too');
  } finally {
    d.close();
  }
});
