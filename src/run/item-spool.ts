import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
 * Items kept in a temporary file, each as its JSON: what the store keeps of an item and what the
 * items hash is made from, so an item read back stores, hashes and prompts as the one loaded (only a
 * `-0` comes back `0` and a field set to `undefined` absent, as from the store). The file is removed
 * as soon as it is open, so nothing is left behind, even by a crash; `close` frees it. (Not
 * `v8.serialize`: a buffer malloc'd per item left ~150 MB of the main thread's malloc heap
 * fragmented at 200,000 items.)
 */
export class SpooledItems implements ItemList {
  private page = -1;
  private pageItems: Item[] = [];
  /** Reused for every page `at` reads. */
  private bytes: Buffer = Buffer.alloc(0);

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
      [this.pageItems, this.bytes] = this.readPage(p, this.bytes);
      this.page = p;
    }
    return this.pageItems[index - p * PAGE];
  }

  *[Symbol.iterator](): Iterator<Item> {
    // A page of its own, not the one `at` keeps: an iteration and lookups can interleave.
    let bytes: Buffer = Buffer.alloc(0);
    for (let p = 0; p * PAGE < this.length; p++) {
      const [items, used] = this.readPage(p, bytes);
      bytes = used;
      yield* items;
    }
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

  /** Page `p`'s items, read into `bytes` (or a larger buffer, returned for the next read). */
  private readPage(p: number, bytes: Buffer): [Item[], Buffer] {
    if (this.spool.closed) throw new Error('the spooled items were read after they were closed');
    const first = p * PAGE;
    const last = Math.min(this.length, first + PAGE) - 1;
    const from = this.starts[first];
    const size = this.starts[last] + this.sizes[last] - from;
    const buf = bytes.length >= size ? bytes : Buffer.allocUnsafe(Math.max(size, 2 * bytes.length));
    for (let got = 0; got < size; ) {
      const n = readSync(this.spool.fd, buf, got, size - got, from + got);
      if (n === 0) throw new Error('the spooled items file ended early');
      got += n;
    }
    const out: Item[] = [];
    for (let i = first; i <= last; i++) {
      const at = this.starts[i] - from;
      out.push(JSON.parse(buf.toString('utf8', at, at + this.sizes[i])) as Item);
    }
    return [out, buf];
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
  /** Items written here first, and to the file when it is full: no buffer per item. */
  private pending: Buffer = Buffer.alloc(0);
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
      this.pending = Buffer.allocUnsafe(WRITE_BYTES);
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
    const text = JSON.stringify(item);
    const size = Buffer.byteLength(text);
    if (this.pendingBytes + size > this.pending.length) {
      this.flush();
      if (size > this.pending.length) this.pending = Buffer.allocUnsafe(size);
    }
    this.pending.write(text, this.pendingBytes);
    this.starts.push(this.written + this.pendingBytes);
    this.sizes.push(size);
    this.pendingBytes += size;
  }

  private flush(): void {
    if (!this.spool || this.pendingBytes === 0) return;
    for (let done = 0; done < this.pendingBytes; )
      done += writeSync(this.spool.fd, this.pending, done, this.pendingBytes - done, this.written + done);
    this.written += this.pendingBytes;
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
