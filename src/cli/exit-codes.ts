/** What each exit status means, for every command: the help, README and docs/reference.md say the same. */
export const EXIT_CODES: { code: number; meaning: string }[] = [
  { code: 0, meaning: 'ok' },
  {
    code: 1,
    meaning:
      'a check failed: `gate` found a rule violated, `models check` a model refused or failing, `zebra solve` a puzzle not matching, `data pull` a file failing its checksum',
  },
  {
    code: 2,
    meaning:
      'bad input, or a run refused before it started (a spend above `confirmAboveUsd` without `--yes`, a run `gate` will not judge): nothing was written',
  },
  { code: 130, meaning: 'interrupted (Ctrl-C); finished samples are kept and rerunning resumes' },
];

export function exitCodesLine(): string {
  return `Exit codes: ${EXIT_CODES.map((c) => `${c.code} ${c.meaning.split(':')[0]}`).join(', ')}.`;
}
