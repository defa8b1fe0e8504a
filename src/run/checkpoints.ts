import { UserError } from '../util/errors.js';

/**
 * Where a replay probes a trace: at fixed token positions (`--at 256,512,1024`), the same for every
 * trace, or at shares of each trace's own length (`--every 10%`: 10%, 20%, … 90%). A trace is never
 * probed at or past its end: its stored answer is the answer there.
 */
export type Checkpoints = { kind: 'at'; tokens: number[] } | { kind: 'every'; percent: number };

/** One probe position of one trace, with the mark it is stored under ('512' or '25%'). */
export interface Checkpoint {
  mark: string;
  at: number;
}

export function parseAt(s: string): Checkpoints {
  const tokens = s.split(',').map((x) => Number(x.trim()));
  if (tokens.length === 0 || tokens.some((t) => !Number.isInteger(t) || t < 1))
    throw new UserError(
      `--at: expected a comma-separated list of token positions (whole numbers ≥ 1), got '${s}'`,
    );
  return { kind: 'at', tokens: [...new Set(tokens)].sort((a, b) => a - b) };
}

export function parseEvery(s: string): Checkpoints {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(s);
  const percent = m ? Number(m[1]) : Number.NaN;
  if (!(percent > 0 && percent < 100))
    throw new UserError(
      `--every: expected a share of the trace such as '10%' (above 0%, below 100%), got '${s}'`,
    );
  return { kind: 'every', percent };
}

/** The checkpoints of a trace of `length` thought tokens, ascending, each in [1, length). */
export function checkpointsOf(c: Checkpoints, length: number): Checkpoint[] {
  const out: Checkpoint[] = [];
  const seen = new Set<number>();
  const add = (mark: string, at: number) => {
    if (at >= 1 && at < length && !seen.has(at)) {
      seen.add(at);
      out.push({ mark, at });
    }
  };
  if (c.kind === 'at') for (const t of c.tokens) add(String(t), t);
  else
    for (let k = 1; k * c.percent < 100 - 1e-9; k++) {
      const share = Number((k * c.percent).toFixed(6));
      add(`${share}%`, Math.round((length * share) / 100));
    }
  return out.sort((a, b) => a.at - b.at);
}
