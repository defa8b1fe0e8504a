import { createInterface } from 'node:readline/promises';
import type { Experiment } from '../config/schema.js';
import type { TaskItems } from '../run/items.js';
import { estimatePlan } from '../run/plan.js';
import { UserError } from '../util/errors.js';

/** What a run may spend, by the plan's estimate: the most `run` sends to priced models. */
export interface Spend {
  /** The plan's estimate in USD over priced models (the batch price for a batch run). */
  estimateUsd: number;
  /** The most the run can spend: the estimate, or `maxCostUsd` where that stops it sooner. */
  atRiskUsd: number;
  samples: number;
  byModel: { model: string; usd: number }[];
  /** Real models overthink has no price for (openai-compatible, unknown ids): not in the estimate. */
  unpriced: string[];
}

export function spendOf(exp: Experiment, tasks: TaskItems[]): Spend {
  const byModel = new Map<string, number>();
  const unpriced = new Set<string>();
  let samples = 0;
  for (const r of estimatePlan(exp, tasks)) {
    samples += r.samples;
    // Simulated and in-process models cost nothing.
    if (r.model.startsWith('sim:') || r.model.startsWith('local:')) continue;
    const usd = exp.batch ? (r.batchCostUsd ?? r.costUsd) : r.costUsd;
    if (usd === null) unpriced.add(r.model);
    else byModel.set(r.model, (byModel.get(r.model) ?? 0) + usd);
  }
  const estimateUsd = [...byModel.values()].reduce((a, b) => a + b, 0);
  return {
    estimateUsd,
    atRiskUsd: exp.maxCostUsd === undefined ? estimateUsd : Math.min(estimateUsd, exp.maxCostUsd),
    samples,
    byModel: [...byModel].map(([model, usd]) => ({ model, usd })),
    unpriced: [...unpriced],
  };
}

export interface SpendCheck {
  /** `--yes`: the spend was accepted up front. */
  yes: boolean;
  /** Someone is at the terminal to answer. */
  interactive: boolean;
  /** Asks one question and returns the answer (tests pass their own). */
  ask?: (question: string) => Promise<string>;
  /** Where the plan is shown before the question. */
  show?: (line: string) => void;
}

/**
 * The guard against accidental spend: a run whose priced models could cost more than
 * `confirmAboveUsd` goes ahead only with `--yes`, or after a yes at the terminal. Without a terminal
 * it is refused (exit 2) with the numbers, before anything is written.
 */
export async function confirmSpend(exp: Experiment, tasks: TaskItems[], o: SpendCheck): Promise<void> {
  const s = spendOf(exp, tasks);
  const ceiling = exp.confirmAboveUsd;
  if (o.yes || s.atRiskUsd <= ceiling) return;
  const what =
    `this run is estimated at ${usd(s.estimateUsd)} (${s.samples.toLocaleString('en-US')} samples: ` +
    `${s.byModel.map((m) => `${m.model} ${usd(m.usd)}`).join(', ')}${exp.batch ? ', batch price' : ''})` +
    `${s.atRiskUsd < s.estimateUsd ? `, and maxCostUsd stops it at ${usd(s.atRiskUsd)}` : ''}` +
    `, above the ${usd(ceiling)} that runs without asking (confirmAboveUsd)`;
  const how =
    '`overthink plan` with the same flags shows the estimate per model and budget; --limit, --trials or ' +
    '--budgets make the run smaller; --yes accepts the spend, --confirm-above <usd> raises the ceiling';
  if (!o.interactive || !o.ask) throw new UserError(`${what}. Nothing was run. ${how}.`);
  const show = o.show ?? ((l: string) => process.stderr.write(`${l}\n`));
  show(`overthink: ${what}.`);
  const answer = (await o.ask('Run it? [y/N] ')).trim().toLowerCase();
  if (answer !== 'y' && answer !== 'yes') throw new UserError(`not run: the spend was not accepted. ${how}.`);
}

/** A question on stderr, the answer from stdin. */
export async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Whether a person can answer a question here. */
export function interactiveTerminal(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

function usd(n: number): string {
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
