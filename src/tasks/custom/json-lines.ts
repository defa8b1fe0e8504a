/**
 * Where things are in a JSON document, for error messages: the line on which each element of the
 * record array starts, and the line of a syntax error. One pass, no recursion.
 */

/**
 * Character offsets at which the elements of the record array begin. The record array is the
 * document itself when it is an array, or the value of its top-level "examples" key.
 */
export function recordOffsets(text: string): number[] {
  const offsets: number[] = [];
  // Stack of open containers; for the target array we remember its depth.
  const stack: ('[' | '{')[] = [];
  let targetDepth = -1;
  let expectValue = false;
  let lastKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') continue;
    if (expectValue && stack.length === targetDepth && ch !== ']') {
      offsets.push(i);
      expectValue = false;
    }
    if (ch === '"') {
      const start = i + 1;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      // A string directly inside the top-level object, followed by ':', is a key.
      if (stack.length === 1 && stack[0] === '{') lastKey = text.slice(start, i);
      continue;
    }
    if (ch === '[' || ch === '{') {
      stack.push(ch);
      const isTarget =
        ch === '[' &&
        ((stack.length === 1 && targetDepth === -1) ||
          (stack.length === 2 && stack[0] === '{' && lastKey === 'examples'));
      if (isTarget && targetDepth === -1) {
        targetDepth = stack.length;
        expectValue = true;
      }
    } else if (ch === ']' || ch === '}') {
      if (stack.length === targetDepth && ch === ']') {
        expectValue = false;
        targetDepth = -2; // done: ignore any later arrays
      }
      stack.pop();
    } else if (ch === ',' && stack.length === targetDepth) {
      expectValue = true;
    }
  }
  return offsets;
}

/** The character offset of a JSON.parse error, from its message (V8 says "at position N"). */
export function errorOffset(err: unknown): number | undefined {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : String(err));
  return m ? Number(m[1]) : undefined;
}
