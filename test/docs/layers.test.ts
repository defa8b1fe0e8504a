import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempDir } from '../helpers/cli.js';

// `npm run layers` (scripts/check-layers.mjs) holds src/ to the layers of .dependency-cruiser.cjs.
// This checks that the rule can fail: a tree with one import of each kind it forbids.
const { layerViolations } = (await import('../../scripts/check-layers.mjs')) as {
  layerViolations(baseDir?: string): Promise<{ lines: string[]; files: number }>;
};

describe('the layering rule', () => {
  const dir = tempDir('overthink-layers-');
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  it('names an import up the layers, a circle of files and a file outside every layer', async () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'nodenext', strict: true } }));
    write('src/cli/command.ts', 'export const command = 1;\n');
    write('src/core/word.ts', "import { command } from '../cli/command.js';\nexport const word = command;\n");
    write('src/util/a.ts', "import { b } from './b.js';\nexport const a = () => b;\n");
    write(
      'src/util/b.ts',
      "import { a } from './a.js';\nimport { stray } from '../stray/x.js';\nexport const b = () => a() + stray;\n",
    );
    write('src/stray/x.ts', 'export const stray = 1;\n');
    write('src/run/fine.ts', "import { word } from '../core/word.js';\nexport const fine = word;\n");
    const { lines } = await layerViolations(dir);
    assert.deepEqual(lines.map((l) => l.split(':')[0]).sort(), [
      'layer-core',
      'no-circular',
      'no-unlayered-target',
    ]);
    assert.ok(lines.includes('layer-core: src/core/word.ts → src/cli/command.ts'), lines.join('\n'));
    assert.ok(lines.includes('no-unlayered-target: src/util/b.ts → src/stray/x.ts'), lines.join('\n'));
    assert.match(
      lines.find((l) => l.startsWith('no-circular')) ?? '',
      /src\/util\/[ab]\.ts → src\/util\/[ab]\.ts/,
    );
  });

  it('holds for this repository', async () => {
    const { lines, files } = await layerViolations();
    assert.deepEqual(lines, []);
    assert.ok(files > 300, `${files} files`);
  });
});
