import { createReadStream } from 'node:fs';
import { parseJsonText } from '../json-text.js';
import { badInput } from '../types.js';
import { MAX_MEMBER_BYTES } from './eval-zip.js';

/**
 * An Inspect `.json` log, read as a stream: the top-level fields of the EvalLog one by one, and the
 * `samples` array one sample at a time, so a log of any size costs the memory of its largest
 * sample. Inspect writes the header fields (version, eval, plan, results, stats) before the samples.
 * The bytes are scanned for the JSON structure (UTF-8 never puts a quote or a bracket inside a
 * multi-byte character), each field or sample is parsed on its own, NaN and Infinity allowed.
 */
export type JsonLogPart = { key: string; value: unknown } | { sample: unknown; index: number; line: number };

type Mode =
  | 'start'
  | 'key'
  | 'keystr'
  | 'colon'
  | 'valuestart'
  | 'value'
  | 'elems'
  | 'elem'
  | 'after'
  | 'done';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const NEWLINE = 0x0a;
const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === NEWLINE || b === 0x0d;

export async function* jsonLogParts(file: string): AsyncGenerator<JsonLogPart> {
  let mode: Mode = 'start';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let key = '';
  let index = 0;
  let line = 1;
  let lineStart = 0;
  let pos = 0;
  // The bytes being captured (a key, a field's value or a sample), across chunks.
  let pieces: Buffer[] = [];
  let size = 0;
  let from = -1;
  let captureLine = 1;
  const malformed = (what: string) =>
    badInput(file, `line ${line}:${pos - lineStart + 1}`, `malformed JSON log (${what})`);
  const decode = (buf: Buffer, where: string): string => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      throw badInput(file, where, 'not valid UTF-8 text');
    }
  };

  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (from >= 0) from = 0;
    const take = (end: number): Buffer => {
      pieces.push(chunk.subarray(from, end));
      const out = Buffer.concat(pieces);
      pieces = [];
      size = 0;
      from = -1;
      return out;
    };
    for (let i = 0; i < chunk.length; i++, pos++) {
      const b = chunk[i];
      if (b === NEWLINE) {
        line++;
        lineStart = pos + 1;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) {
          inString = false;
          if (mode === 'keystr') {
            const k = parseJsonText(decode(take(i + 1), `line ${line}`), file, '', line);
            if (typeof k !== 'string') throw malformed('a key that is not a string');
            key = k;
            mode = 'colon';
          }
        }
        continue;
      }
      switch (mode) {
        case 'start':
          if (isSpace(b)) break;
          if (b !== OPEN_OBJ) throw malformed('an Inspect log is one JSON object');
          depth = 1;
          mode = 'key';
          break;
        case 'key':
          if (isSpace(b)) break;
          if (b === CLOSE_OBJ) {
            mode = 'done';
            break;
          }
          if (b !== QUOTE) throw malformed('expected a field name');
          from = i;
          inString = true;
          mode = 'keystr';
          break;
        case 'colon':
          if (isSpace(b)) break;
          if (b !== COLON) throw malformed(`expected ':' after "${key}"`);
          mode = 'valuestart';
          break;
        case 'valuestart':
          if (isSpace(b)) break;
          if (key === 'samples' && b === OPEN_ARR) {
            depth = 2;
            mode = 'elems';
            break;
          }
          from = i;
          captureLine = line;
          mode = 'value';
          i--; // the value's first byte, read again in value mode
          pos--;
          break;
        case 'elems':
          if (isSpace(b) || b === COMMA) break;
          if (b === CLOSE_ARR) {
            depth = 1;
            mode = 'after';
            break;
          }
          from = i;
          captureLine = line;
          mode = 'elem';
          i--;
          pos--;
          break;
        case 'value':
        case 'elem': {
          const base = mode === 'value' ? 1 : 2;
          const close = mode === 'value' ? CLOSE_OBJ : CLOSE_ARR;
          if (depth === base && (b === COMMA || b === close)) {
            const text = decode(take(i), `line ${captureLine}`);
            if (mode === 'value') yield { key, value: parseJsonText(text, file, '', captureLine) };
            else
              yield {
                sample: parseJsonText(text, file, `samples[${index}]`, captureLine),
                index: index++,
                line: captureLine,
              };
            if (b === COMMA) mode = mode === 'value' ? 'key' : 'elems';
            else if (mode === 'value') {
              depth = 0;
              mode = 'done';
            } else {
              depth = 1;
              mode = 'after';
            }
            break;
          }
          if (b === QUOTE) inString = true;
          else if (b === OPEN_OBJ || b === OPEN_ARR) depth++;
          else if (b === CLOSE_OBJ || b === CLOSE_ARR) {
            if (--depth < base) throw malformed('a bracket closes what was not opened');
          }
          break;
        }
        case 'after':
          if (isSpace(b)) break;
          if (b === COMMA) mode = 'key';
          else if (b === CLOSE_OBJ) {
            depth = 0;
            mode = 'done';
          } else throw malformed(`expected ',' or '}' after "${key}"`);
          break;
        case 'done':
          if (!isSpace(b)) throw malformed('text after the log');
          break;
        default:
          break;
      }
    }
    if (from >= 0) {
      pieces.push(chunk.subarray(from));
      size += chunk.length - from;
      if (size > MAX_MEMBER_BYTES)
        throw badInput(
          file,
          `line ${captureLine}`,
          `a field or sample longer than ${MAX_MEMBER_BYTES} bytes, more than a log holds`,
        );
    }
  }
  if (mode === 'start') throw badInput(file, '', 'empty: no JSON log in it');
  if (mode !== 'done')
    throw badInput(file, `line ${line}`, 'the JSON ends early (a truncated or partly written file?)');
}
