import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadExperiment } from '../../src/run/load.js';
import { tempDir } from '../helpers/cli.js';

describe("a config file's name and --model", () => {
  const dir = tempDir();
  const file = join(dir, 'sweep.yaml');
  writeFileSync(
    file,
    'name: sonnet-counting\nmodels: [anthropic:claude-sonnet-4-6]\ntasks: [misleading-math]\n',
  );

  it('is dropped, with a note, when --model replaces the models it names', () => {
    const l = loadExperiment({ file, overrides: { models: ['sim:inverse'] } });
    assert.equal(l.experiment.name, undefined);
    assert.equal(l.notes.length, 1);
    assert.match(l.notes[0], /not named 'sonnet-counting' .*--model replaced its models; give --name/);
  });

  it('stays when the models are the file’s own, or when --name is given', () => {
    assert.equal(loadExperiment({ file }).experiment.name, 'sonnet-counting');
    const named = loadExperiment({ file, overrides: { models: ['sim:inverse'], name: 'sim-check' } });
    assert.equal(named.experiment.name, 'sim-check');
    assert.deepEqual(named.notes, []);
  });
});
