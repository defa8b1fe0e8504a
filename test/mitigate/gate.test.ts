import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { XMLParser } from 'fast-xml-parser';
import { runCli, tempDir } from '../helpers/cli.js';

const sweep = (model: string, db: string) => [
  'run',
  '--model',
  model,
  '--tasks',
  'misleading-math',
  '--budgets',
  '0,1024,4096,16384',
  '--trials',
  '3',
  '--limit',
  '100',
  '--db',
  db,
  '--no-report',
  '-q',
];

function parseJunit(file: string) {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
    readFileSync(file, 'utf8'),
  );
  const suites = [doc.testsuites.testsuite].flat();
  const cases = suites.flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as {
    name: string;
    failure?: unknown;
  }[];
  return { doc, suites, cases };
}

test('gate fails (exit 1) on sim:inverse and passes (exit 0) on sim:flat; JUnit parses; summary appended', async () => {
  const dir = tempDir();
  const summary = join(dir, 'step-summary.md');
  writeFileSync(summary, '# earlier step\n');
  for (const [model, expected] of [
    ['sim:inverse', 1],
    ['sim:flat', 0],
  ] as const) {
    const db = join(dir, `${model.replace(':', '-')}.db`);
    assert.equal((await runCli(sweep(model, db), dir)).code, 0);
    const junit = join(dir, `${model.replace(':', '-')}.xml`);
    const r = await runCli(['gate', '--db', db, '--junit', junit, '--markdown', join(dir, 'g.md')], dir, {
      GITHUB_STEP_SUMMARY: summary,
    });
    assert.equal(r.code, expected, r.stdout + r.stderr);
    const { doc, suites, cases } = parseJunit(junit);
    assert.equal(suites.length, 4, 'one suite per default rule');
    assert.equal(Number(doc.testsuites.tests), cases.length);
    const failures = cases.filter((c) => c.failure !== undefined).length;
    assert.equal(Number(doc.testsuites.failures), failures);
    assert.equal(failures > 0, expected === 1);
  }
  const md = readFileSync(summary, 'utf8');
  assert.match(md, /^# earlier step/);
  assert.equal((md.match(/## overthink gate/g) ?? []).length, 2);
  assert.match(md, /SIMULATED MODEL/);
});

test('rules file: each rule kind evaluates; a bad rules file exits 2 naming the field', async () => {
  const dir = tempDir();
  const db = join(dir, 'o.db');
  assert.equal((await runCli(sweep('sim:inverse', db), dir)).code, 0);
  writeFileSync(
    join(dir, 'rules.yaml'),
    [
      'rules:',
      '  - rule: min-slope',
      '    delta: 0.001',
      '  - rule: max-mean-tokens',
      '    budget: 4096',
      '    tokens: 100000',
      '  - rule: max-unparsable',
      '    rate: 0.5',
      '    stratum: num_distractors=5',
    ].join('\n'),
  );
  const r = await runCli(['gate', '--db', db, '--rules', 'rules.yaml'], dir);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAIL {2}min-slope {2}misleading-math/);
  assert.match(r.stdout, /pass {2}max-mean-tokens/);
  assert.match(r.stdout, /pass {2}max-unparsable {2}misleading-math \(num_distractors=5\)/);

  writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  - rule: max-drop\n    epsilom: 0.02\n');
  const bad = await runCli(['gate', '--db', db, '--rules', 'bad.yaml'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bad\.yaml: rules\[0\]/);
});

/** The release sweep of the issue: 6 budgets × 3 trials × 200 items of Misleading Math. */
const releaseSweep = (model: string, db: string) => [
  'run',
  '--model',
  model,
  '--tasks',
  'misleading-math',
  '--budgets',
  '0,1024,2048,4096,8192,16384',
  '--trials',
  '3',
  '--limit',
  '200',
  '--db',
  db,
  '--no-report',
  '-q',
];

test('default rules: an inverted U fails no-decline-from-best (the two-ended rules pass it); flat and rising pass; recommend names the same best budget', {
  timeout: 240_000,
}, async () => {
  const dir = tempDir();
  for (const [model, expected] of [
    ['sim:peaked', 1],
    ['sim:flat', 0],
    ['sim:positive', 0],
  ] as const) {
    const db = join(dir, `${model.replace(':', '-')}.db`);
    assert.equal((await runCli(releaseSweep(model, db), dir)).code, 0);
    const g = await runCli(
      ['gate', '--db', db, '--junit', join(dir, 'g.xml'), '--markdown', join(dir, 'g.md')],
      dir,
    );
    assert.equal(g.code, expected, g.stdout + g.stderr);
    if (model !== 'sim:peaked') {
      assert.match(g.stdout, /pass {2}no-decline-from-best {2}misleading-math/);
      continue;
    }
    // The inverted U: best at an inner budget, back to where it started at the largest.
    const fail = g.stdout.match(
      /FAIL {2}no-decline-from-best {2}misleading-math {2}sim:peaked {2}decline from best ([\d.]+) pts .* best [\d.]+% at (\d+) → [\d.]+% at 16384; shape peaked/,
    );
    assert.ok(fail, g.stdout);
    assert.ok(Number(fail[1]) > 5);
    const best = fail[2];
    assert.notEqual(best, '0');
    assert.notEqual(best, '16384');
    // The paper's two-ended rules compare 0 with 16384 and see nothing: exactly the blind spot.
    assert.match(g.stdout, /pass {2}no-decline {2}misleading-math/);
    assert.match(g.stdout, /pass {2}max-drop {2}misleading-math/);
    const rec = await runCli(['recommend', '--db', db, '--out', join(dir, 'policy.json')], dir);
    assert.equal(rec.code, 0, rec.stderr);
    assert.match(rec.stdout, new RegExp(`misleading-math: best budget ${best}: `));
    assert.match(rec.stdout, /the gate's no-decline-from-best \(tolerance 2\.0 pts\) FAILS on this run/);
    const policy = JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8'));
    assert.equal(String(policy.tasks['misleading-math'].best.budget), best);
  }
});

test('the gate refuses (exit 2, nothing written) a run that crashed before its largest budget, then judges it once resumed', {
  timeout: 180_000,
}, async () => {
  const dir = tempDir();
  const db = join(dir, 'crash.db');
  const args = sweep('sim:inverse', db);
  assert.equal((await runCli(args, dir)).code, 0);
  // What a crash leaves: no samples at the largest budget, and the run still marked running, with no
  // live writer holding its lock: it reads as crashed.
  const d = new Database(db);
  d.prepare('DELETE FROM samples WHERE budget = 16384').run();
  d.prepare("UPDATE runs SET status = 'running'").run();
  d.close();
  const junit = join(dir, 'crash.xml');
  const md = join(dir, 'crash.md');
  const r = await runCli(['gate', '--db', db, '--junit', junit, '--markdown', md], dir);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /run r-[0-9a-f]+ is not complete \(status 'crashed'\): sim:inverse · misleading-math has 0 of 300 samples at budget 16384; finish it first/,
  );
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.ok(!existsSync(junit) && !existsSync(md), 'nothing written');
  // A rule that needs a budget the run never had is refused the same way.
  writeFileSync(
    join(dir, 'tokens.yaml'),
    'rules:\n  - rule: max-mean-tokens\n    budget: 3000\n    tokens: 5000\n',
  );
  // Running the same sweep again resumes it; then the gate judges the whole curve.
  assert.equal((await runCli(args, dir)).code, 0);
  const whole = await runCli(['gate', '--db', db, '--junit', junit, '--markdown', md], dir);
  assert.equal(whole.code, 1, whole.stdout + whole.stderr);
  assert.ok(existsSync(junit) && existsSync(md));
  const missing = await runCli(
    ['gate', '--db', db, '--rules', 'tokens.yaml', '--junit', join(dir, 't.xml')],
    dir,
  );
  assert.equal(missing.code, 2);
  assert.match(
    missing.stderr,
    /rule max-mean-tokens needs budget 3000, which run r-[0-9a-f]+ did not run \(budgets 0, 1024, 4096, 16384\)/,
  );
  assert.ok(!existsSync(join(dir, 't.xml')));
});
