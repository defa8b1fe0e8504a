#!/usr/bin/env node
// The CLI is one CommonJS bundle (see scripts/bundle.mjs), compiled here with the V8 code cache made
// when it was built, so that a start does not parse and compile ~1 MB of JavaScript again. A cache V8
// rejects (another Node, other V8 flags) or a missing one only means compiling as usual.
import { isAscii } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundle = fileURLToPath(new URL('../dist/bundle/main.cjs', import.meta.url));
const cacheFile = `${bundle}.cache`;
// The cache begins with the path of the bundle it was made for and a NUL. V8 names the functions it
// restores by the path they were compiled at, so a cache made elsewhere (a moved or copied folder)
// would put the build's paths in every stack trace: it is not used there.
let cachedData;
try {
  const file = readFileSync(cacheFile);
  const end = file.indexOf(0);
  if (end > 0 && file.toString('utf8', 0, end) === bundle) cachedData = file.subarray(end + 1);
} catch {
  cachedData = undefined;
}
// The build keeps the bundle ASCII (scripts/bundle.mjs), which reads as latin1 into a one-byte string
// in under a millisecond; as UTF-8 it took ~9 ms.
const bytes = readFileSync(bundle);
const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
// Code restored from a cache cannot import() on Node 20: it uses this one (src/util/import-package.ts).
globalThis[Symbol.for('overthink.importPackage')] = (name) => import(name);
const cjs = { exports: {} };
script.runInThisContext()(cjs.exports, createRequire(bundle), cjs, bundle, dirname(bundle));
// Set only by the build's warm-up run: keep what V8 compiled by the end of it.
if (process.env.OVERTHINK_WRITE_CODE_CACHE === '1') {
  process.once('exit', () => writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${bundle}\0`), script.createCachedData()])));
}

// `overthink export | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

cjs.exports.main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`overthink: internal error: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
