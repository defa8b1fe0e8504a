import type { BuiltReport } from '../report/build.js';
import { verdictLines } from '../report/summary.js';
import { terminalSummary } from '../report/terminal.js';
import { say } from './output.js';

// What `run` prints of the report it wrote. Imported only then: analysis and report code are a third
// of the run command's own code, and a run with --no-report (or --export alone) never needs it.

/** The terminal summary, before the list of files written. */
export function printSummary(built: BuiltReport): void {
  say('');
  process.stdout.write(`${terminalSummary(built.summary, { failures: false })}\n\n`);
}

/** The verdict lines, after the list of files written. */
export function printVerdicts(built: BuiltReport): void {
  for (const l of verdictLines(built.summary)) say(`verdict: ${l}`);
}
