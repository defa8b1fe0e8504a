/**
 * Where a JSON text first goes wrong. V8's JSON.parse says "at position N" for some errors but
 * only quotes an excerpt for others ("Unexpected token '}', ..."), so error messages that must
 * name a line cannot rely on it. This is a strict RFC 8259 scanner with an explicit stack (no
 * recursion, so deep nesting cannot overflow), returning the character offset of the first error,
 * or undefined when the text is valid JSON.
 */
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;

export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  // Each open container: '[' or '{'. `expect` is what may come next.
  const stack: ('[' | '{')[] = [];
  type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close';
  let expect: Expect = 'value';
  for (;;) {
    ws();
    if (i >= n) return stack.length === 0 && expect === 'comma-or-close' ? undefined : n;
    const c = text[i];
    if (stack.length === 0 && expect === 'comma-or-close') return i; // trailing garbage
    // An empty container closes where its first key or value would be.
    if ((c === '}' && expect === 'key-or-close') || (c === ']' && expect === 'value-or-close')) {
      stack.pop();
      i++;
      expect = 'comma-or-close';
      continue;
    }
    switch (expect) {
      case 'key':
      case 'key-or-close':
        if (c !== '"') return i;
        if (!skipString()) return i;
        expect = 'colon';
        break;
      case 'colon':
        if (c !== ':') return i;
        i++;
        expect = 'value';
        break;
      case 'comma-or-close': {
        const top = stack[stack.length - 1];
        if (c === ',') {
          i++;
          expect = top === '{' ? 'key' : 'value';
        } else if ((c === ']' && top === '[') || (c === '}' && top === '{')) {
          stack.pop();
          i++;
        } else return i;
        break;
      }
      case 'value':
      case 'value-or-close':
        if (c === '[') {
          stack.push('[');
          i++;
          expect = 'value-or-close';
        } else if (c === '{') {
          stack.push('{');
          i++;
          expect = 'key-or-close';
        } else {
          const start = i;
          const ok = c === '"' ? skipString() : skipLiteral();
          if (!ok) return start;
          expect = 'comma-or-close';
        }
        break;
    }
  }

  /** Past a string starting at text[i] === '"'; false (i at the fault) when it is malformed. */
  function skipString(): boolean {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  }

  function skipLiteral(): boolean {
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return true;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return false;
    i += m[0].length;
    return true;
  }
}

/** 1-based line and column of a character offset. */
export function lineColOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, col: offset - lineStart + 1 };
}
