/**
 * overthink's layers, bottom to top. A file may import from its own layer and the layers below it,
 * never from one above; and no files import each other in a circle. `npm test` checks it
 * (`npm run layers`, scripts/check-layers.mjs); docs/ARCHITECTURE.md draws it.
 *
 * Type-only imports count: a type names a dependency as much as a value does.
 */
const LAYERS = [
  ['core', '^src/core/', 'the vocabulary every layer shares; imports nothing of ours'],
  ['util', '^src/(util/|version[.]ts$)', 'helpers with no project concept in them'],
  ['data', '^src/data/', 'the released datasets: download and cache'],
  ['tasks', '^src/tasks/', 'items, targets and metrics'],
  ['score', '^src/score/', 'answer extraction and outcomes'],
  ['prompts', '^src/prompts/', "the reference's prompts"],
  ['budget', '^src/budget/', 'a requested budget as each model accepts it'],
  ['config', '^src/config/', 'what an experiment is: schema, presets, the paper settings'],
  ['store', '^src/store/', 'SQLite: every statement, the column encoding'],
  ['providers', '^src/providers/', 'models behind one interface; the scheduler loop'],
  ['run', '^src/run/', 'load, plan and run an experiment into the store; replay'],
  ['import', '^src/import/', "other tools' results as runs"],
  ['analysis', '^src/analysis/', 'curves, trends, shapes and tests over stored runs'],
  ['mitigate', '^src/mitigate/', 'gate, recommend and budget policies over analysis results'],
  ['report', '^src/report/', 'HTML, charts, tables, exports'],
  ['pipelines', '^src/pipelines/', 'the library functions that chain the layers'],
  ['view', '^src/view/', 'overthink view: the local web app over stores'],
  ['cli', '^src/cli/', 'commands: parse and print'],
  ['api', '^src/index[.]ts$', 'the public entry'],
];

/**
 * Imports that still run against the layers, each with the reason it is allowed for now. Every entry
 * is a debt: remove it with the import it excuses.
 */
const EXCEPTIONS = [];

const layerRules = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `layer-${name}`,
  severity: 'error',
  comment: `${name} may not import from a layer above it (${LAYERS.slice(i + 1)
    .map(([n]) => n)
    .join(', ')})`,
  from: { path },
  to: {
    path: LAYERS.slice(i + 1).map(([, p]) => p),
    pathNot: EXCEPTIONS.filter((e) => e.from === name).map((e) => e.to),
  },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'files that import each other in a circle (type-only imports included)',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-unlayered',
      severity: 'error',
      comment: 'every source file belongs to a declared layer: one outside them may not import',
      from: { path: '^src/', pathNot: LAYERS.map(([, p]) => p) },
      to: {},
    },
    {
      name: 'no-unlayered-target',
      severity: 'error',
      comment: 'every source file belongs to a declared layer: one outside them may not be imported',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: LAYERS.map(([, p]) => p) },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
