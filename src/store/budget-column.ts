import type { Budget } from '../core/budget.js';

/** Budgets are stored as integers; natural is -1 so that SQL ordering and indexes stay simple. */
export const NATURAL_BUDGET_DB = -1;
export function budgetToDb(b: Budget): number {
  return b === 'natural' ? NATURAL_BUDGET_DB : b;
}
export function budgetFromDb(n: number): Budget {
  return n === NATURAL_BUDGET_DB ? 'natural' : n;
}
