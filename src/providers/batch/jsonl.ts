/**
 * Reads JSON Lines from a byte stream one line at a time, so a results file of any size is never
 * held whole. A last line that does not parse means the stream was cut: that is an error, never a
 * silently dropped entry.
 */
export async function* readJsonLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body) {
    rest += decoder.decode(chunk, { stream: true });
    let nl = rest.indexOf('\n');
    while (nl >= 0) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (line) yield JSON.parse(line);
      nl = rest.indexOf('\n');
    }
  }
  rest += decoder.decode();
  const last = rest.trim();
  if (!last) return;
  try {
    yield JSON.parse(last);
  } catch {
    throw new TruncatedResultsError(`results stream ended inside a line (${last.length} bytes unread)`);
  }
}

export class TruncatedResultsError extends Error {
  override name = 'TruncatedResultsError';
}
