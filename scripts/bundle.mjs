// The CLI as one ES module graph (dist/bundle/), built from tsc's output in dist/. Loading ~300 small
// files (zod alone is 232) cost the CLI about 0.2 s at every start; one bundle loads in a fraction.
// Packages that are native, heavy or loaded only on demand stay external and load from node_modules.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const external = [
  'better-sqlite3',
  'node-llama-cpp',
  'vega',
  'vega-lite',
  '@resvg/resvg-js',
  'dejavu-fonts-ttf',
  'openai',
  '@anthropic-ai/sdk',
  '@huggingface/jinja',
];

// zod re-exports all ~40 of its message locales (`z.locales`), which we never use; it configures its
// English messages from their own file. Leaving the rest out halves its chunk (755 → 392 KB) and saves
// ~40 ms of parsing at every start.
const noZodLocales = {
  name: 'no-zod-locales',
  setup(b) {
    b.onResolve({ filter: /locales\/index\.js$/ }, (a) =>
      a.importer.includes('/node_modules/zod/') ? { path: 'zod-locales', namespace: 'empty' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {}', loader: 'js' }));
  },
};

rmSync('dist/bundle', { recursive: true, force: true }); // chunk names change with content
await build({
  // The store's writing thread is started from its own file, beside the chunks that start it.
  entryPoints: { main: 'dist/cli/main.js', 'writer-thread': 'dist/store/writer-thread.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true, // each command and provider stays its own lazily imported chunk
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // commander is CommonJS and calls require() for node builtins, which ES modules lack.
  banner: { js: "import { createRequire as __otRequire } from 'node:module'; const require = __otRequire(import.meta.url);" },
  plugins: [noZodLocales],
  logLevel: 'warning',
});
