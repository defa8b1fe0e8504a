// The CLI as one CommonJS file (dist/bundle/main.cjs) built from tsc's output in dist/, and the V8 code
// cache of a warm-up run of it (main.cjs.cache), which bin/overthink.js hands to V8 at every start.
//
// Why: loading ~300 small files (zod alone is 232) cost the CLI about 0.2 s per start, and parsing and
// compiling the ~1 MB they bundle into another ~0.1 s. One file whose modules initialise only when first
// required (esbuild's lazy wrappers keep each command's code asleep until it runs) plus a code cache
// leave little of either. CommonJS because Node 20 can take a code cache only for a script, not for an
// ES module. Packages that are native, heavy or loaded only on demand stay external.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const external = [
  'better-sqlite3',
  'node-llama-cpp',
  'vega',
  'vega-lite',
  'hyparquet-writer',
  '@resvg/resvg-js',
  'dejavu-fonts-ttf',
  'openai',
  '@anthropic-ai/sdk',
  '@huggingface/jinja',
  'zstd-napi',
];

// zod re-exports all ~40 of its message locales (`z.locales`), which we never use; it configures its
// English messages from their own file. Leaving the rest out saves ~40 ms of parsing at every start.
const noZodLocales = {
  name: 'no-zod-locales',
  setup(b) {
    b.onResolve({ filter: /locales\/index\.js$/ }, (a) =>
      a.importer.includes('/node_modules/zod/') ? { path: 'zod-locales', namespace: 'empty' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {}', loader: 'js' }));
  },
};

rmSync('dist/bundle', { recursive: true, force: true });
mkdirSync('dist/bundle', { recursive: true });
const common = { bundle: true, platform: 'node', target: 'node20', external, logLevel: 'warning' };
await bundle({
  ...common,
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/bundle/main.cjs',
  format: 'cjs',
  // Our modules find their package files, helpers and the writing thread from their own URL: in the
  // bundle that is the bundle's.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [noZodLocales],
});
// The store's writing thread starts from a file of its own, beside the bundle that starts it, and its
// checkpointing thread from another, beside it.
for (const thread of ['writer-thread', 'checkpoint-thread'])
  await bundle({
    ...common,
    entryPoints: [`dist/store/${thread}.js`],
    outfile: `dist/bundle/${thread}.js`,
    format: 'esm',
  });

// The report's trace threads (analysis/trace-pool.ts) likewise; CommonJS, as the packages it pulls in
// (yaml) require Node's modules, which an ES module bundle cannot.
await bundle({
  ...common,
  entryPoints: ['dist/analysis/trace-worker.js'],
  outfile: 'dist/bundle/trace-worker.cjs',
  format: 'cjs',
  // The store's zstd (store/zstd.js) finds its optional binding from its own URL, as main.cjs does.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// Each bundle is written ASCII. esbuild escapes what it must in strings and templates, but keeps
// comments and regular expressions as written; one character beyond ASCII makes Node read the whole
// 2 MB file into a two-byte string (~9 ms at every start, and V8's parser is slower on it). Both take a
// \uXXXX escape meaning the same character. A raw template (String.raw) would not, nor would a
// character right after a backslash: the build stops there instead.
async function bundle(options) {
  const { outputFiles } = await build({ ...options, write: false });
  for (const out of outputFiles) writeFileSync(out.path, asciiOnly(out.text, options.outfile));
}

function asciiOnly(code, file) {
  for (const m of code.matchAll(/String\.raw`[^`]*`/g))
    if (/[^\x00-\x7f]/.test(m[0])) fail(code, m.index + m[0].search(/[^\x00-\x7f]/), file, 'inside String.raw');
  return code.replace(/[^\x00-\x7f]/g, (c, at) => {
    if (code[at - 1] === '\\') fail(code, at, file, 'after a backslash');
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function fail(code, at, file, where) {
  const line = code.slice(0, at).split('\n').length;
  throw new Error(`bundle: ${file}:${line}: a character beyond ASCII ${where}; write it as a \\u escape in the source`);
}

// The warm-up: a small sweep through the path every run takes (YAML config, a custom dataset, a task
// of ours, the store, the export). What V8 compiled by its end goes into the cache; anything else is
// compiled on first use, as without one.
const dir = mkdtempSync(join(tmpdir(), 'overthink-warmup-'));
try {
  const items = Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: `w${i}`, prompt: `${i} + 1?`, answer: i + 1 }));
  writeFileSync(join(dir, 'items.jsonl'), `${items.join('\n')}\n`);
  writeFileSync(
    join(dir, 'warm.yaml'),
    `models: [{ id: "sim:inverse" }]
tasks: [{ id: custom, options: { path: items.jsonl } }, misleading-math]
budgets: [0, 1024]
trials: 1
limit: 20
`,
  );
  const warm = spawnSync(
    process.execPath,
    ['bin/overthink.js', 'run', '-c', join(dir, 'warm.yaml'), '--db', join(dir, 'w.db'), '--no-report', '-q', '--export', join(dir, 'w.jsonl')],
    { env: { ...process.env, OVERTHINK_WRITE_CODE_CACHE: '1' }, encoding: 'utf8' },
  );
  if (warm.status !== 0 || !existsSync('dist/bundle/main.cjs.cache')) {
    throw new Error(`bundle: the warm-up run for the code cache failed (exit ${warm.status}):\n${warm.stderr}${warm.stdout}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
