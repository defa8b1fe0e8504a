import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
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
    assert.equal(suites.length, 3, 'one suite per default rule');
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
