/** A requested reasoning budget in tokens; 0 = no reasoning; 'natural' = no stated budget. */
export type Budget = number | 'natural';
export type Regime = 'controlled' | 'natural';

export function budgetLabel(b: Budget): string {
  return b === 'natural' ? 'natural' : String(b);
}
