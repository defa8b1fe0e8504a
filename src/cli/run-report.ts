import { loadRunData } from '../analysis/samples.js';
import { type BuiltReport, buildReport } from '../report/build.js';
import { verdictLines } from '../report/summary.js';
import { terminalSummary } from '../report/terminal.js';
import type { DB } from '../store/db.js';
import { say } from './output.js';

// The report that `run` writes when it ends. Imported only then: analysis and report code are a third
// of the run command's own code, and a run with --no-report (or --export alone) never needs it.

export function buildRunReport(db: DB, runId: string, out: string): Promise<BuiltReport> {
  return buildReport(loadRunData(db, runId), out);
}

/** The terminal summary, before the list of files written. */
export function printSummary(built: BuiltReport): void {
  say('');
  process.stdout.write(`${terminalSummary(built.summary, { failures: false })}\n\n`);
}

/** The verdict lines, after the list of files written. */
export function printVerdicts(built: BuiltReport): void {
  for (const l of verdictLines(built.summary)) say(`verdict: ${l}`);
}
