/**
 * Scoring numeric predictions (grades regression). Pure functions.
 *
 * The paper reports an "RMSE" that is really the mean absolute error with each error clipped at
 * 1000, and it silently drops answers it cannot parse. Here both its metric and the true RMSE are
 * reported, clearly labelled, and unparsable answers are counted, never dropped.
 */

export const PAPER_METRIC_LABEL = "paper 'RMSE' (really MAE, clipped at 1000)";
export const PAPER_ERROR_CLIP = 1000;

/**
 * A numeric prediction from an extracted answer: "7.5", "7.5/10", "7.5 out of 10", "about 8",
 * "Grade: 6", "~6.8", "6-7" (a range gives its midpoint). Scale phrases ("/10", "out of 10",
 * "on a scale of 0-10") are ignored. Anything with several unrelated numbers is null, not a guess.
 */
export function parsePrediction(answer: string): number | null {
  let s = answer
    .replace(/[*_`]/g, ' ')
    .replace(/\u2212/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  s = s
    .replace(/\(?\s*(?:on\s+)?(?:a\s+)?(?:scale|range)\s+(?:of\s+|from\s+)?0\s*(?:-|–|to)\s*10\s*\)?/gi, ' ')
    .replace(/\(\s*0\s*(?:-|–|to)\s*10\s*\)/g, ' ')
    .replace(/\s*(?:\/|\bout of)\s*10(?:\.0+)?(?![\d.])/gi, ' ');
  // A decimal comma ("7,5") only when it cannot be a thousands separator.
  s = s.replace(/(?<![\d.,])(\d{1,2}),(\d{1,2})(?![\d,])/g, '$1.$2').replace(/(\d),(\d{3})(?!\d)/g, '$1$2');
  // "6-7", "6 to 7", "between 6 and 7": a range, whose midpoint is the point prediction.
  const range = s.match(/^[^\d]*?(\d+(?:\.\d+)?)\s*(?:-|–|to|and)\s*(\d+(?:\.\d+)?)[^\d]*$/i);
  if (range) return finite((Number(range[1]) + Number(range[2])) / 2);
  const nums = s.match(/(?<![\d.])-?\d+(?:\.\d+)?/g) ?? [];
  return nums.length === 1 ? finite(Number(nums[0])) : null;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export interface PredictionError {
  absError: number;
  sqError: number;
}

export function predictionError(prediction: number, truth: number): PredictionError {
  const d = prediction - truth;
  return { absError: Math.abs(d), sqError: d * d };
}

export interface RegressionRow {
  /** The parsed prediction, or null when the answer could not be parsed (or was missing). */
  prediction: number | null;
  truth: number;
}

export interface RegressionSummary {
  /** All rows, parsed or not. */
  n: number;
  parsed: number;
  /** Rows without a usable number; excluded from the errors below but always reported. */
  unparsable: number;
  /** The paper's number: mean of min(|error|, 1000) over parsed rows. */
  paperMetric: { label: string; value: number | null };
  /** Mean absolute error without clipping. */
  mae: number | null;
  /** Root mean squared error, the real one. */
  rmse: number | null;
}

export function summariseRegression(rows: readonly RegressionRow[]): RegressionSummary {
  let parsed = 0;
  let clipped = 0;
  let abs = 0;
  let sq = 0;
  for (const r of rows) {
    if (r.prediction === null || !Number.isFinite(r.prediction)) continue;
    const e = predictionError(r.prediction, r.truth);
    parsed++;
    clipped += Math.min(e.absError, PAPER_ERROR_CLIP);
    abs += e.absError;
    sq += e.sqError;
  }
  const per = (x: number): number | null => (parsed > 0 ? x / parsed : null);
  const msq = per(sq);
  return {
    n: rows.length,
    parsed,
    unparsable: rows.length - parsed,
    paperMetric: { label: PAPER_METRIC_LABEL, value: per(clipped) },
    mae: per(abs),
    rmse: msq === null ? null : Math.sqrt(msq),
  };
}
