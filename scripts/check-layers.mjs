/**
 * Checks src/ against the layers and rules in .dependency-cruiser.cjs: every import that runs up the
 * layers or closes a circle of files is printed, and the exit code is 1. Run by `npm test`.
 *
 * Calls dependency-cruiser's API rather than its `depcruise` command, which refuses to start on
 * Node 20 (its engines field asks for 22+); the API itself runs on 20, and the config is the same
 * one `depcruise src --config .dependency-cruiser.cjs` reads.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { cruise } from 'dependency-cruiser';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs');
const result = await cruise(['src'], {
  ...config.options,
  validate: true,
  ruleSet: { forbidden: config.forbidden },
});
const { violations, totalCruised, totalDependenciesCruised } = result.output.summary;
for (const v of violations) {
  const path = v.cycle ? v.cycle.map((c) => c.name ?? c).join(' → ') : v.to;
  console.log(`${v.rule.name}: ${v.from} → ${path}`);
}
if (violations.length > 0) {
  console.log(`${violations.length} import(s) against the layers (.dependency-cruiser.cjs)`);
  process.exitCode = 1;
} else {
  console.log(`layers hold: ${totalCruised} files, ${totalDependenciesCruised} imports, no import up, no circle`);
}
