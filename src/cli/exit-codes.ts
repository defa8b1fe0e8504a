/** What each exit status means, for every command: the help, README and docs/reference.md say the same. */
export const EXIT_CODES: { code: number; short: string; meaning: string }[] = [
  { code: 0, short: 'ok', meaning: 'ok' },
  {
    code: 1,
    short: 'a check failed (or a run incomplete)',
    meaning:
      'a check failed: `gate` found a rule violated, a `run` ended incomplete (samples failed after retries, or a model failed from its first samples and stopped the run; rerun to retry them), `models check` a model refused or failing, `zebra solve` a puzzle not matching, `data pull` a file failing its checksum',
  },
  {
    code: 2,
    short: 'bad input or a refused run (nothing written)',
    meaning:
      'bad input or a path that cannot be used (a bad config, flag or dataset, another tool’s database, a missing folder, a full or read-only disk), or a run refused before it started (a spend above `confirmAboveUsd` without `--yes`, a run `gate` will not judge): one line on stderr, nothing written',
  },
  {
    code: 130,
    short: 'interrupted',
    meaning: 'interrupted (Ctrl-C); finished samples are kept and rerunning resumes',
  },
];

export function exitCodesLine(): string {
  return `Exit codes: ${EXIT_CODES.map((c) => `${c.code} ${c.short}`).join(', ')}.`;
}
