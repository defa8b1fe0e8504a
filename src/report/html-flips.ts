import type { FlipSummary } from '../analysis/flips.js';
import { excerpt } from '../analysis/trace-facts.js';
import { budgetLabel } from '../core/budget.js';
import { escapeHtml as e } from '../util/html.js';
import { FLIP_DEFINITION } from './format.js';

const TRACE_CHARS = 6000;

/** Flips shown with their traces per model × task; all of them are listed in flips.csv. */
export const FLIPS_SHOWN = 12;

/**
 * Flips per model: the counts, then the first few flipped items with the two traces side by side
 * (the lower budget left, the larger right), reasoning collapsed. All text goes through escapeHtml.
 */
export function flipsBlock(
  flips: FlipSummary[],
  texts: Map<string, { text: string; reasoning: string }>,
  simulated: boolean,
  heading = 'Items that flip',
  pair: 'ends' | 'best' = 'ends',
): string {
  if (flips.length === 0) return '';
  const parts = [
    `<div class="flips" data-pair="${pair}"><h3>${e(heading)}</h3><p class="muted">${e(FLIP_DEFINITION)}</p>`,
  ];
  for (const f of flips) {
    parts.push(
      `<p><b>${e(f.model)}</b>, budget ${e(budgetLabel(f.low))} → ${e(budgetLabel(f.high))}, ${f.items} items: ` +
        `<span class="down">${f.rightToWrong} right→wrong</span>, <span class="up">${f.wrongToRight} wrong→right</span>, ` +
        `${f.stayedRight} stayed right, ${f.stayedWrong} stayed wrong, ${f.undetermined} undetermined (tied trials).</p>`,
    );
    const shown = f.flips.slice(0, FLIPS_SHOWN);
    for (const x of shown) {
      const side = (key: string, budget: string, correct: number, n: number) => {
        const t = texts.get(key) ?? { text: '', reasoning: '' };
        return (
          `<div><h4>budget ${e(budget)} · ${correct}/${n} trials right</h4>` +
          `<pre class="answer">${e(excerpt(t.text, 1500)) || '(empty)'}</pre>` +
          `<details class="reasoning"><summary>reasoning (${t.reasoning.length.toLocaleString('en-US')} characters)</summary><pre>${e(excerpt(t.reasoning, TRACE_CHARS)) || '(none)'}</pre></details></div>`
        );
      };
      parts.push(
        `<div class="flip" data-direction="${x.direction}"><b class="${x.direction === 'right-to-wrong' ? 'down' : 'up'}">${x.direction === 'right-to-wrong' ? 'right → wrong' : 'wrong → right'}</b> · item <code>${e(x.itemId)}</code>${x.strata ? ` · ${e(x.strata)}` : ''}${simulated ? ' · <i>simulated</i>' : ''}` +
          `<div class="sides">${side(x.lowKey, budgetLabel(f.low), x.lowCorrect, x.lowN)}${side(x.highKey, budgetLabel(f.high), x.highCorrect, x.highN)}</div></div>`,
      );
    }
    if (f.flips.length > shown.length)
      parts.push(
        `<p class="muted">${f.flips.length - shown.length} more flips are listed in flips.csv and can be browsed below with the “flips” filter.</p>`,
      );
  }
  parts.push('</div>');
  return parts.join('\n');
}
