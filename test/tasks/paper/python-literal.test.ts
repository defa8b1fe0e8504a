import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PythonLiteralError, parsePythonStringList } from '../../../src/tasks/paper/python-literal.js';

/** task_loader's own reading of each text (ast.literal_eval, a list, each entry stripped), from make-goldens.py. */
const { literals } = JSON.parse(
  readFileSync(new URL('../../fixtures/paper-goldens/python-builtins.json', import.meta.url), 'utf8'),
) as { literals: { text: string; classes: string[] | null }[] };

describe("classes as a Python list literal, read as the paper's task_loader reads them", () => {
  for (const { text, classes } of literals) {
    it(`${JSON.stringify(text)} → ${classes === null ? 'refused' : JSON.stringify(classes)}`, () => {
      if (classes === null) assert.throws(() => parsePythonStringList(text), PythonLiteralError);
      else assert.deepEqual(parsePythonStringList(text), classes);
    });
  }

  it('says where it stopped and what it expected', () => {
    assert.throws(
      () => parsePythonStringList("['a', 1]"),
      /expected a quoted string entry \(at character 7\)/,
    );
    assert.throws(() => parsePythonStringList("['\\N{BULLET}']"), /named characters are not supported/);
  });
});
