import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Item } from '../tasks/types.js';

/**
 * A task's items as a run reads them: by count, in order, or by position. An `Item[]` is one (a
 * task of a few thousand items stays in memory); a large dataset is a `SpooledItems`, on disk.
 */
export interface ItemList extends Iterable<Item> {
  readonly length: number;
  at(index: number): Item | undefined;
}

/** Past this many items a task's items go to a file rather than stay on the heap (~520 bytes each). */
export const SPOOL_AFTER = 5000;
/** Items read from the file at a time: a page, so walking forwards or backwards costs one read per page. */
const PAGE = 256;
/** Serialised items are written in pieces of about this many bytes. */
const WRITE_BYTES = 2 ** 20;

/** The open file the items are in, shared by a list and any subset of it. */
interface Spool {
  fd: number;
  /** Set when the file could not be removed while open (not Linux or macOS): removed on close. */
  dir?: string;
  closed: boolean;
}

/**
 * Items kept in a temporary file, each as `v8.serialize` wrote it (exact: `-0`, `undefined` and key
 * order come back as they went in, so an item read back hashes and prompts as the one loaded). The
 * file is removed as soon as it is open, so nothing is left behind, even by a crash; `close` frees it.
 */
export class SpooledItems implements ItemList {
  private page = -1;
  private pageItems: Item[] = [];

  constructor(
    private readonly spool: Spool,
    /** Where each item's bytes start in the file, and how many there are. */
    private readonly starts: Float64Array,
    private readonly sizes: Uint32Array,
  ) {}

  get length(): number {
    return this.starts.length;
  }

  at(index: number): Item | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return undefined;
    const p = Math.floor(index / PAGE);
    if (p !== this.page) {
      this.pageItems = this.readPage(p);
      this.page = p;
    }
    return this.pageItems[index - p * PAGE];
  }

  *[Symbol.iterator](): Iterator<Item> {
    // A page of its own, not the one `at` keeps: an iteration and lookups can interleave.
    for (let p = 0; p * PAGE < this.length; p++) yield* this.readPage(p);
  }

  /** The items at `indices` (ascending), in the same file. */
  subset(indices: readonly number[]): SpooledItems {
    return new SpooledItems(
      this.spool,
      Float64Array.from(indices, (i) => this.starts[i]),
      Uint32Array.from(indices, (i) => this.sizes[i]),
    );
  }

  /** Frees the file (this list's and every subset's). */
  close(): void {
    closeSpool(this.spool);
  }

  private readPage(p: number): Item[] {
    if (this.spool.closed) throw new Error('the spooled items were read after they were closed');
    const first = p * PAGE;
    const last = Math.min(this.length, first + PAGE) - 1;
    const from = this.starts[first];
    const bytes = Buffer.allocUnsafe(this.starts[last] + this.sizes[last] - from);
    for (let got = 0; got < bytes.length; ) {
      const n = readSync(this.spool.fd, bytes, got, bytes.length - got, from + got);
      if (n === 0) throw new Error('the spooled items file ended early');
      got += n;
    }
    const out: Item[] = [];
    for (let i = first; i <= last; i++) {
      const at = this.starts[i] - from;
      out.push(deserialize(bytes.subarray(at, at + this.sizes[i])) as Item);
    }
    return out;
  }
}

/**
 * Collects a task's items as they are loaded: in memory up to `spoolAfter`, then in a temporary
 * file, so the heap holds about a megabyte of them whatever their number.
 */
export class ItemCollector {
  private held: Item[] = [];
  private spool: Spool | undefined;
  private starts: number[] = [];
  private sizes: number[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;

  constructor(private readonly spoolAfter = SPOOL_AFTER) {}

  get length(): number {
    return this.held.length + this.starts.length;
  }

  add(item: Item): void {
    if (!this.spool) {
      this.held.push(item);
      if (this.held.length <= this.spoolAfter) return;
      this.spool = openSpool();
      const held = this.held;
      this.held = [];
      for (const it of held) this.write(it);
      return;
    }
    this.write(item);
  }

  /** The items collected. */
  finish(): ItemList {
    if (!this.spool) return this.held;
    this.flush();
    return new SpooledItems(this.spool, Float64Array.from(this.starts), Uint32Array.from(this.sizes));
  }

  /** Frees the file, when the load failed. */
  discard(): void {
    if (this.spool) closeSpool(this.spool);
  }

  private write(item: Item): void {
    const bytes = serialize(item);
    this.starts.push(this.written + this.pendingBytes);
    this.sizes.push(bytes.length);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= WRITE_BYTES) this.flush();
  }

  private flush(): void {
    if (!this.spool || this.pendingBytes === 0) return;
    const piece = Buffer.concat(this.pending, this.pendingBytes);
    for (let done = 0; done < piece.length; )
      done += writeSync(this.spool.fd, piece, done, piece.length - done, this.written + done);
    this.written += piece.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

function openSpool(): Spool {
  const dir = mkdtempSync(join(tmpdir(), 'overthink-items-'));
  const fd = openSync(join(dir, 'items.bin'), 'w+', 0o600);
  try {
    rmSync(dir, { recursive: true });
    return { fd, closed: false };
  } catch {
    return { fd, dir, closed: false };
  }
}

function closeSpool(s: Spool): void {
  if (s.closed) return;
  s.closed = true;
  closeSync(s.fd);
  if (s.dir) rmSync(s.dir, { recursive: true, force: true });
}
