import { type FailureDigest, failureCounts, mostlyFailed } from '../store/failures.js';

/**
 * The failures of a run in words, shared by `run`, `report` and the HTML banner: how many, by class,
 * and the first distinct messages. When most samples failed that is the headline, since the scores
 * then describe a handful of samples, not the model.
 */
export function failureHeadline(d: FailureDigest): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const counts = `${n(d.failed)} of ${n(d.samples)} samples (${failureCounts(d)})`;
  if (d.failed === d.samples) return `every sample failed: ${counts}, so there is nothing to score`;
  return mostlyFailed(d)
    ? `most samples failed: ${counts} ended in an error, so the scores describe only the other ${n(d.samples - d.failed)}`
    : `${counts} failed after their retries and are left out of the scores`;
}

/** Each distinct message with how often it occurred. */
export function failureMessageLines(d: FailureDigest): string[] {
  const lines = d.messages.map((m) => `${m.count}× ${m.errorClass}: ${m.message}`);
  const shown = d.messages.reduce((s, m) => s + m.count, 0);
  if (shown < d.failed)
    lines.push(
      `… ${(d.failed - shown).toLocaleString('en-US')} more with other messages: overthink export --outcome error --with-text`,
    );
  return lines;
}

/** The terminal's block: the headline, the messages indented, and what to do next. */
export function failureBlock(
  d: FailureDigest,
  next = 'Run the same command again to retry them; finished samples are kept.',
): string[] {
  if (d.failed === 0) return [];
  return [
    `${mostlyFailed(d) ? '⚠ ' : ''}${failureHeadline(d)}:`,
    ...failureMessageLines(d).map((l) => `  ${l}`),
    `  ${next}`,
  ];
}
