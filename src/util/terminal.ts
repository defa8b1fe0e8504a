/**
 * Model output is untrusted: before anything reaches a terminal, remove escape sequences
 * (CSI, OSC, DCS…) and other control characters that could rewrite the screen, set the title,
 * or smuggle hyperlinks. Tabs and newlines survive only when `keepNewlines`.
 */
export function stripControl(s: string, keepNewlines = false): string {
  const noEscapes = s
    // OSC … BEL/ST, DCS/SOS/PM/APC … ST
    .replace(/\x1b[\]P^_X][\s\S]*?(?:\x07|\x1b\\|$)/g, '')
    // CSI sequences (7-bit and 8-bit introducers)
    .replace(/(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]/g, '')
    // two-character escapes
    .replace(/\x1b[@-Z\\-_]?/g, '');
  const ctrl = keepNewlines ? /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g : /[\x00-\x1f\x7f-\x9f]/g;
  return noEscapes.replace(ctrl, (c) => (c === '\t' || c === '\n' || c === '\r' ? ' ' : ''));
}

/** Rows of cells as lines of aligned columns: each padded to its widest cell, on the left where `right(i)`. */
export function alignColumns(rows: string[][], right: (column: number) => boolean, sep = '  '): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (right(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(sep));
}
