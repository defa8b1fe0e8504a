/**
 * The source text of a top-level member's value in a one-line JSON object, e.g. `3.0` for
 * "answer". JSON.parse turns 3.0 into 3, but Python's json.loads keeps a float, and the paper writes
 * str(answer) into its prompts: the token is what tells the two apart. Returns undefined when the
 * key is absent. The text must already be valid JSON (it is parsed first).
 */
export function memberToken(json: string, key: string): string | undefined {
  let depth = 0;
  let found: string | undefined;
  let i = 0;
  const n = json.length;
  while (i < n) {
    const c = json[i];
    if (c === '"') {
      const start = i;
      i = skipString(json, i);
      if (depth !== 1) continue;
      // A string at depth 1 followed by ':' is a key.
      let j = i;
      while (j < n && /\s/.test(json[j])) j++;
      if (json[j] !== ':') continue;
      const name = JSON.parse(json.slice(start, i)) as string;
      j++;
      while (j < n && /\s/.test(json[j])) j++;
      const end = skipValue(json, j);
      // Python's json.loads keeps the last of repeated keys, as JSON.parse does.
      if (name === key) found = json.slice(j, end);
      i = end;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    i++;
  }
  return found;
}

/** Index just past the string starting at `i` (which is a '"'). */
function skipString(s: string, i: number): number {
  for (i++; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i + 1;
  }
  return s.length;
}

/** Index just past the value starting at `i`. */
function skipValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return skipString(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (; i < s.length; i++) {
      const d = s[i];
      if (d === '"') {
        i = skipString(s, i) - 1;
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return s.length;
  }
  let j = i;
  while (j < s.length && !/[\s,}\]]/.test(s[j])) j++;
  return j;
}
