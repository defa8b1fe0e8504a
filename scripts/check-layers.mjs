/**
 * Checks src/ against the layers and rules in .dependency-cruiser.cjs: every import that runs up the
 * layers or closes a circle of files is printed, and the exit code is 1. Run by `npm test`.
 *
 * Calls dependency-cruiser's API rather than its `depcruise` command so that the tests can check
 * a planted tree with it (test/docs/layers.test.ts) and the output is one line a violation; the
 * config is the one `npx depcruise src --config .dependency-cruiser.cjs` reads. dependency-cruiser is
 * kept at 17.4, the last line whose engines include Node 20 (18 asks for 22, so `npm ci` warned).
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const ROOT = resolve(import.meta.dirname, '..');
const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs');

/** The rule violations under `<baseDir>/src` (default: this repository's), one line each. */
export async function layerViolations(baseDir = ROOT) {
  const result = await cruise(['src'], {
    ...config.options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  });
  const lines = result.output.summary.violations.map((v) => {
    const path = v.cycle ? v.cycle.map((c) => c.name ?? c).join(' → ') : v.to;
    return `${v.rule.name}: ${v.from} → ${path}`;
  });
  return { lines, files: result.output.summary.totalCruised, imports: result.output.summary.totalDependenciesCruised };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { lines, files, imports } = await layerViolations();
  for (const l of lines) console.log(l);
  if (lines.length > 0) {
    console.log(`${lines.length} import(s) against the layers (.dependency-cruiser.cjs)`);
    process.exitCode = 1;
  } else console.log(`layers hold: ${files} files, ${imports} imports, no import up, no circle`);
}
