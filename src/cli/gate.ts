import { appendFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_RULES, loadRules } from '../mitigate/gate-rules.js';
import { gateRun } from '../pipelines/gate.js';
import { checkOutputFile } from '../util/atomic-write.js';
import { dbOption } from './db-option.js';
import { printWritten, say } from './output.js';

export function register(program: Command): void {
  program
    .command('gate [run]')
    .description(
      'Release gate: check a run against rules; exit 0 pass, 1 fail, 2 error. Writes JUnit XML and Markdown.',
    )
    .addOption(dbOption())
    .option(
      '--rules <file>',
      'rules YAML (default: no-decline, max-drop 0.02, no-decline-from-best 0.02, max-unparsable 0.05)',
    )
    .option('--junit <file>', 'JUnit XML output', 'overthink-gate.xml')
    .option('--markdown <file>', 'Markdown summary output', 'overthink-gate.md')
    .option('--json', 'print the verdict and every check as JSON on stdout (nothing else there)')
    .addHelpText(
      'after',
      `
Rules file (each rule may also take tasks: [...], models: [...], stratum: 'num_distractors=5', name: ...):
  rules:
    - rule: no-decline                  # no curve classified ↓ (the paper's Table 1 rule)
    - rule: max-drop                    # largest-budget score ≥ smallest − epsilon, with 95% confidence
      epsilon: 0.02
    - rule: no-decline-from-best        # largest-budget score ≥ best budget's − epsilon (simultaneous 95%)
      epsilon: 0.02
    - rule: min-slope                   # score per doubling of reasoning tokens ≥ −delta (95% CI)
      delta: 0.01
    - rule: max-unparsable              # share of unparsable answers at every budget
      rate: 0.05
    - rule: max-mean-tokens             # mean realized reasoning tokens at a budget
      budget: 4096
      tokens: 6000

Rules fail only on evidence: a noisy small run passes unless the violation is clear at 95%.
A run that is not complete (crashed, interrupted, provider errors left) or lacks a budget a rule
needs is not judged: the gate exits 2 and says what is missing.
When $GITHUB_STEP_SUMMARY is set, the Markdown summary is appended to it.

Examples:
  overthink gate                           the latest run, default rules
  overthink gate --rules gate.yaml --junit reports/gate.xml
  overthink gate r-9844e986a672 --json     the verdict and every check, for scripts`,
    )
    .action(
      (
        run: string | undefined,
        f: { db: string; rules?: string; junit: string; markdown: string; json?: boolean },
      ) => {
        const rules = f.rules ? loadRules(f.rules) : DEFAULT_RULES;
        // A bad output path is a usage error (exit 2), found before the check: never read as a failed gate.
        checkOutputFile(f.junit, '--junit');
        checkOutputFile(f.markdown, '--markdown');
        const { verdict, markdown, files } = gateRun({
          db: f.db,
          run,
          rules,
          junit: f.junit,
          markdown: f.markdown,
        });
        if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
        const { failed, checks: cases } = verdict;
        process.exitCode = failed ? 1 : 0;
        if (f.json) {
          process.stdout.write(`${JSON.stringify({ ...verdict, files })}\n`);
          return;
        }
        if (verdict.simulated)
          say('*** SIMULATED MODEL: these results come from a simulator, not a real model. ***');
        if (verdict.source) say(`run ${verdict.run}: ${verdict.source}`);
        for (const c of cases) {
          say(
            `${c.passed ? 'pass' : 'FAIL'}  ${c.name}  ${c.taskId}${c.stratum !== 'all' ? ` (${c.stratum})` : ''}  ${c.model}  ${c.detail}`,
          );
        }
        say(
          failed
            ? `gate FAILED: ${failed} of ${cases.length} checks failed`
            : `gate passed: ${cases.length} checks`,
        );
        printWritten(files);
      },
    );
}
