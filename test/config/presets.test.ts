import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPreset, PRESETS } from '../../src/config/presets.js';
import { experimentSchema, taskRef } from '../../src/config/schema.js';
import { allTasks, getTask } from '../../src/tasks/registry.js';
import { UserError } from '../../src/util/errors.js';

describe('presets', () => {
  it('has quick, paper-main and paper-mwe', () => {
    for (const name of ['quick', 'paper-main', 'paper-mwe']) assert.ok(PRESETS[name], name);
  });

  it('every preset validates against the experiment schema', () => {
    for (const [name, p] of Object.entries(PRESETS)) {
      const r = experimentSchema.safeParse(p.config);
      assert.ok(r.success, `${name}: ${r.success ? '' : JSON.stringify(r.error.issues[0])}`);
      assert.ok(p.description.length > 10, name);
    }
  });

  it('every task id in a preset is registered, and its options validate', () => {
    const known = new Set(allTasks().map((t) => t.id));
    const missing: string[] = [];
    for (const [name, p] of Object.entries(PRESETS)) {
      for (const ref of experimentSchema.parse(p.config).tasks.map(taskRef)) {
        if (!known.has(ref.id)) {
          missing.push(`${name}: ${ref.id}`);
          continue;
        }
        const parsed = getTask(ref.id).options.safeParse(ref.options);
        assert.ok(parsed.success, `${name}: ${ref.id} options`);
      }
    }
    assert.deepEqual(missing, [], `preset tasks not registered: ${missing.join(', ')}`);
  });

  it('quick is the demo: Misleading Math (100 items) on sim:inverse, Claude budgets, 3 trials, seed 1', () => {
    const q = experimentSchema.parse(getPreset('quick').config);
    assert.deepEqual(q.models, ['sim:inverse']);
    assert.deepEqual(q.tasks, [{ id: 'misleading-math', options: { n: 100 } }]);
    assert.deepEqual(q.budgets, [0, 1024, 2048, 4096, 8192, 16384]);
    assert.equal(q.trials, 3);
    assert.equal(q.seed, 1);
  });

  it("paper-main has the paper's five main tasks and paper-mwe its 16 subsets, at each family's budgets", () => {
    const main = experimentSchema.parse(getPreset('paper-main').config);
    assert.deepEqual(
      main.tasks.map((t) => taskRef(t).id),
      ['misleading-math', 'misleading-python', 'famous-paradoxes', 'grades-regression', 'bbeh-zebra'],
    );
    const mwe = experimentSchema.parse(getPreset('paper-mwe').config);
    const ids = mwe.tasks.map((t) => taskRef(t).id);
    assert.equal(new Set(ids).size, 16);
    assert.ok(ids.every((id) => id.startsWith('mwe-')));
    assert.ok(ids.includes('mwe-survival-instinct'));
    for (const e of [main, mwe]) {
      assert.equal(e.budgets, 'paper');
      assert.equal(e.trials, 3);
    }
  });

  it('an unknown name is a UserError listing the presets', () => {
    assert.throws(
      () => getPreset('paper'),
      (e: unknown) =>
        e instanceof UserError &&
        /unknown preset 'paper': expected one of quick, paper-main, paper-natural, paper-cautioned, paper-mwe/.test(
          e.message,
        ),
    );
  });
});
