import type { Command } from 'commander';
import { budgetLabel } from '../core/budget.js';
import { type ImportedRun, importForeign } from '../import/import.js';
import { inspectFiles } from '../import/inspect.js';
import { lmEvalFiles } from '../import/lm-eval.js';
import { promptfooFile } from '../import/promptfoo.js';
import { TOOL_NAMES } from '../run/origin.js';
import { dbOption } from './db-option.js';
import { say, showPath } from './output.js';

interface CommonFlags {
  db: string;
  runName?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('import')
    .description(
      'Import results another tool made (Inspect AI logs, promptfoo results, lm-evaluation-harness output) as runs to report, compare, gate and recommend from.',
    );

  cmd
    .command('inspect <paths...>')
    .description(
      'Inspect AI logs (.eval or .json, or folders of them): one sample per sample × epoch; logs of one task and model at several reasoning settings make one sweep.',
    )
    .addOption(dbOption())
    .option(
      '--run-name <name>',
      'import every log into one run of this name (default: one run per task and model)',
    )
    .option('--scorer <name>', 'which scorer to read when samples have several')
    .option('--model <name>', "the model name to store instead of the log's")
    .option('--task <id>', "the task id to store instead of the log's")
    .addHelpText(
      'after',
      `
The budget is each log's generate config: reasoning_tokens, or reasoning_effort kept as a level
(stored at a nominal budget, the level in sent_params); a log with neither is the natural budget.
Scores map to outcomes (C correct, I wrong, N unparsable, P partial credit: not correct; 1/0 and
booleans likewise; anything not right that stopped at max tokens is truncated), the value kept.
A bad log exits 2 and imports nothing; importing the same log again adds nothing.

Examples:
  overthink import inspect logs/ --db sweep.db                    every log in logs/, one run per task and model
  overthink import inspect a.eval b.eval --run-name claude-sweep  two logs as one run, by name
  overthink import inspect logs/ --scorer model_graded_qa         the score of one scorer when there are several
Then: overthink report --db sweep.db`,
    )
    .action(async (paths: string[], f: CommonFlags & { scorer?: string; model?: string; task?: string }) => {
      const files = inspectFiles(paths, { scorer: f.scorer, model: f.model, task: f.task });
      report(await importForeign(files, { db: f.db, runName: f.runName }), f.db);
    });
  registerPromptfoo(cmd);
  registerLmEval(cmd);
}

function registerPromptfoo(cmd: Command): void {
  cmd
    .command('promptfoo <results>')
    .description(
      'A promptfoo results file (promptfoo eval -o results.json, format version 3): one sample per row; providers of one model at several reasoning settings make one sweep.',
    )
    .addOption(dbOption())
    .option('--run-name <name>', 'import every row into one run of this name (default: one run per model)')
    .option('--task <id>', 'the task id to store (default: promptfoo)')
    .option('--model <name>', "the model name to store instead of the provider's id")
    .addHelpText(
      'after',
      `
The budget is each provider's config: thinking.budget_tokens (Anthropic), thinkingConfig.thinkingBudget
(Gemini), or an effort level (reasoning_effort, reasoning.effort, effort) kept in sent_params at a
nominal budget; none is the natural budget. Reasoning tokens come from tokenUsage.completionDetails.
reasoning; rows promptfoo served from its cache report none, so theirs are unknown and the rows are
flagged. A pass is correct, a failed assertion wrong, a provider error an error.

Examples:
  overthink import promptfoo results.json --db sweep.db           one run per model
  overthink import promptfoo results.json --task gsm8k --run-name gsm8k-sweep   every model in one run
Then: overthink report --db sweep.db`,
    )
    .action(async (results: string, f: CommonFlags & { task?: string; model?: string }) => {
      const file = promptfooFile(results, { task: f.task, model: f.model });
      report(await importForeign([file], { db: f.db, runName: f.runName }), f.db);
    });
}

function registerLmEval(cmd: Command): void {
  cmd
    .command('lm-eval <dirs...>')
    .description(
      'lm-evaluation-harness output (--output_path with --log_samples): each results_*.json with its samples_*.jsonl; runs of one model and task at several settings make one sweep.',
    )
    .addOption(dbOption())
    .option(
      '--run-name <name>',
      'import everything into one run of this name (default: one run per task and model)',
    )
    .option('--filter <name>', "which filter's answers to read when a task has several (e.g. strict-match)")
    .option(
      '--metric <name>',
      'which per-sample metric is the score when there are several (e.g. exact_match)',
    )
    .option(
      '--budget-key <key>',
      'the gen_kwargs or model_args key holding the budget (default: thinking_budget, reasoning_tokens, budget_tokens, max_thinking_tokens, thinking_tokens, reasoning_effort, effort)',
    )
    .addHelpText(
      'after',
      `
lm-eval keeps no reasoning-token count: it is estimated from the <think> text where a response still
holds it (source estimate), and unknown where it does not (think_end_token cut it, or the API never
returned it). lm-eval records no stop reason either. A metric of 1 is correct, 0 wrong.

Examples:
  overthink import lm-eval out/Qwen__Qwen3-8B/ --filter strict-match --budget-key max_gen_toks --db sweep.db
  overthink import lm-eval out/openai__gpt-oss-20b/ --filter flexible-extract   budgets from reasoning_effort
Then: overthink report --db sweep.db`,
    )
    .action(
      async (dirs: string[], f: CommonFlags & { filter?: string; metric?: string; budgetKey?: string }) => {
        const files = lmEvalFiles(dirs, { filter: f.filter, metric: f.metric, budgetKey: f.budgetKey });
        report(await importForeign(files, { db: f.db, runName: f.runName }), f.db);
      },
    );
}

function report(runs: ImportedRun[], db: string): void {
  for (const r of runs) {
    say(
      `imported run ${r.id}${r.name ? ` (${r.name})` : ''} from ${TOOL_NAMES[r.tool]}: ${r.models.join(', ')} · ${r.tasks.join(', ')} · budgets ${r.budgets.map(budgetLabel).join(', ')} · ${r.added} sample${r.added === 1 ? '' : 's'} added${r.already ? `, ${r.already} already stored` : ''}`,
    );
    for (const n of r.notes) say(`  note: ${n}`);
  }
  const dbFlag = db === 'overthink.db' ? '' : ` --db ${showPath(db)}`;
  if (runs.length) say(`next: overthink report ${runs[0].name ?? runs[0].id}${dbFlag}`);
}
