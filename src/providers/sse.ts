/**
 * An incremental parser of server-sent events, as the WHATWG HTML standard defines the stream
 * (html.spec.whatwg.org/multipage/server-sent-events.html, "Parsing an event stream"): lines end in
 * CRLF, LF or CR; a line starting with ':' is a comment; `field: value` loses one space after the
 * colon; `data` lines of one event are joined with LF; a blank line dispatches the event (none when it
 * holds no data); an event left unfinished when the stream ends is dropped.
 *
 * Built for long traces sent a token at a time (~10k events a sample): each received chunk is scanned
 * once, and only a line cut across chunks is held in parts, joined once when it ends. An event (a
 * line, or the data lines of one event) longer than `maxEventChars` is an error, not an allocation.
 */

export class SseError extends Error {
  override name = 'SseError';
}

export class SseParser {
  private partial: string[] = [];
  private partialChars = 0;
  /** The event's data lines: the first, and any after it (most events have one). */
  private data: string | undefined;
  private moreData: string[] | undefined;
  private dataChars = 0;
  private event = '';
  /** The last chunk ended in CR: an LF opening the next one belongs to it. */
  private afterCR = false;

  constructor(
    private readonly onEvent: (data: string, event: string) => void,
    private readonly maxEventChars: number,
  ) {}

  push(chunk: string): void {
    let start = 0;
    if (this.afterCR && chunk.charCodeAt(0) === 10) start = 1;
    this.afterCR = false;
    // The next CR and LF are found once per chunk each, not once per line (no rescans).
    let cr = chunk.indexOf('\r', start);
    let lf = chunk.indexOf('\n', start);
    while (start < chunk.length) {
      if (cr >= 0 && cr < start) cr = chunk.indexOf('\r', start);
      if (lf >= 0 && lf < start) lf = chunk.indexOf('\n', start);
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if (end < 0) {
        this.hold(chunk.slice(start));
        return;
      }
      if (this.partial.length > 0) {
        this.hold(chunk.slice(start, end));
        const line = this.partial.join('');
        this.partial = [];
        this.partialChars = 0;
        this.line(line);
      } else if (end > start + 5 && chunk.startsWith('data: ', start)) {
        // The common line, a token's chunk: its value cut from the chunk at once.
        this.dataLine(chunk.slice(start + 6, end));
      } else {
        this.line(chunk.slice(start, end));
      }
      if (end === cr) {
        if (end + 1 === chunk.length) this.afterCR = true;
        start = chunk.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
    }
  }

  /** Whether the stream stopped inside an event (a line or data not yet dispatched). */
  get pending(): boolean {
    return this.partial.length > 0 || this.data !== undefined;
  }

  private hold(part: string): void {
    this.partialChars += part.length;
    if (this.partialChars + this.dataChars > this.maxEventChars) this.tooLong();
    this.partial.push(part);
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ':' a comment (keep-alive pings)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') {
      this.dataLine(value);
    } else if (field === 'event') {
      this.event = value;
    }
    // `id` and `retry` steer reconnection, which a one-shot completion never does; other fields are ignored.
  }

  private dataLine(value: string): void {
    this.dataChars += value.length + 1;
    if (this.dataChars > this.maxEventChars) this.tooLong();
    if (this.data === undefined) this.data = value;
    else if (this.moreData) this.moreData.push(value);
    else this.moreData = [value];
  }

  private dispatch(): void {
    const event = this.event;
    this.event = '';
    if (this.data === undefined) return;
    const data = this.moreData ? `${this.data}\n${this.moreData.join('\n')}` : this.data;
    this.data = undefined;
    this.moreData = undefined;
    this.dataChars = 0;
    this.onEvent(data, event);
  }

  private tooLong(): never {
    throw new SseError(`an event longer than ${this.maxEventChars} characters`);
  }
}
