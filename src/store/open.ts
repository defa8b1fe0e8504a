import { accessSync, closeSync, constants, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../util/errors.js';
import { diskOf, fsReason, isDiskFull } from '../util/fs-errors.js';
import type { DB } from './db.js';
import { APPLICATION_ID, identifyStore } from './identify.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import { checkCodecSetting } from './zstd.js';

/**
 * Switches a store to WAL. Several processes creating the same new store at once (a sweep and its
 * report, say) race for the switch, and SQLite answers SQLITE_BUSY at once rather than waiting out
 * busy_timeout; the switch is retried for up to about 10 s, as other locks are.
 */
function enableWal(db: DB): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= 200) throw err;
      Atomics.wait(pause, 0, 0, 50);
    }
  }
}

/** The oldest schema a reading command can read without migrating it (v4 added the samples_done index). */
const MIN_READABLE_VERSION = 4;

/**
 * Opens a store. Commands that only read pass `readonly`: the file must exist and be an overthink
 * store, and nothing is written to it (no migration, no journal switch), so a store on a read-only
 * disk can be read. Otherwise the file is created if missing (never its folder; `mustExist` refuses
 * a missing one), and only an empty file or an overthink store is accepted: another tool's database
 * is refused before any write.
 */
export function openStore(path: string, opts: { readonly?: boolean; mustExist?: boolean } = {}): DB {
  if (opts.readonly) return openForReading(path);
  if (opts.mustExist) missingStore(path);
  return openForWriting(path);
}

function missingStore(path: string): void {
  if (!existsSync(resolve(path)))
    throw new UserError(`${path}: no such store (run 'overthink run' first, or pass --db <file>)`);
}

function openForReading(path: string): DB {
  const file = resolve(path);
  missingStore(path);
  if (statSync(file).isDirectory()) throw new UserError(`${path}: expected a store file, found a folder`);
  let db: DB | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    const found = identifyStore(db);
    if (found.kind === 'empty')
      throw new UserError(`${path}: an empty database, not an overthink store yet (it holds no runs)`);
    if (found.kind === 'foreign') throw notOurs(path, found.why);
    checkNotNewer(path, found.version);
    if (found.version < MIN_READABLE_VERSION)
      throw new UserError(
        `${path}: store schema v${found.version} is too old to read as it is; run 'overthink run' on it once to upgrade it`,
      );
    return db;
  } catch (err) {
    db?.close();
    throw openError(path, file, err);
  }
}

function openForWriting(path: string): DB {
  try {
    // A wrong OVERTHINK_STORE_CODEC is an input error before anything is written, not a thread's failure.
    checkCodecSetting();
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const file = resolve(path);
  const dir = dirname(file);
  if (!existsSync(dir)) throw new UserError(`${path}: the folder ${dirname(path)} does not exist`);
  if (!statSync(dir).isDirectory()) throw new UserError(`${path}: ${dirname(path)} is not a folder`);
  const existed = existsSync(file);
  if (existed && statSync(file).isDirectory())
    throw new UserError(`${path}: expected a store file, found a folder`);
  // SQLite would open a store it cannot write read-only, and fail only at the first write.
  for (const p of existed ? [file, dir] : [dir]) {
    try {
      accessSync(p, constants.W_OK);
    } catch (err) {
      throw new UserError(`${path}: cannot write the store (${fsReason(err) ?? String(err)})`);
    }
  }
  let db: DB | undefined;
  try {
    db = new Database(file);
    db.pragma('busy_timeout = 10000');
    // Before any write: another tool's database is left exactly as it was.
    const found = identifyStore(db);
    if (found.kind === 'foreign') throw notOurs(path, found.why);
    if (found.kind === 'overthink') checkNotNewer(path, found.version);
    enableWal(db);
    db.pragma('synchronous = NORMAL');
    migrate(db, path);
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID)
      db.pragma(`application_id = ${APPLICATION_ID}`);
    return db;
  } catch (err) {
    db?.close();
    // A store this call created and could not finish (a full disk, say) is not left behind.
    if (!existed) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    throw openError(path, file, err);
  }
}

/**
 * Closes a store opened for writing. The last connection switches it back to a rollback journal, so
 * that a store at rest is one file that reading commands open without creating -wal and -shm files
 * (which a read-only disk could not hold). If another connection is still open, it stays in WAL.
 */
export function closeStore(db: DB): void {
  if (db.open && !db.readonly && !db.memory) {
    try {
      db.pragma('busy_timeout = 0');
      db.pragma('journal_mode = DELETE');
    } catch {
      // another process has it open (SQLITE_BUSY), or the disk is full: WAL it stays
    }
  }
  db.close();
}

function notOurs(path: string, why: string): UserError {
  return new UserError(`${path}: not an overthink store: ${why}. It was left untouched; pass another --db`);
}

function checkNotNewer(path: string, version: number): void {
  if (version > SCHEMA_VERSION)
    throw new UserError(
      `${path}: store schema v${version} is newer than this overthink (v${SCHEMA_VERSION}); upgrade`,
    );
}

function openError(path: string, file: string, err: unknown): unknown {
  if (err instanceof UserError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB') return notOurs(path, 'not a SQLite database');
  if (isDiskFull(err)) return new UserError(`${path}: cannot write the store: ${diskOf(file)} is full`);
  if (code.startsWith('SQLITE_CANTOPEN') && walAtRest(file))
    return new UserError(
      `${path}: cannot read this store where it is: it was left in WAL mode (by an older overthink, or a run that did not finish) and its folder cannot be written; copy it to a writable folder`,
    );
  return new UserError(`${path}: not a usable overthink store (${(err as Error).message})`);
}

/** Whether a database file's header says WAL (read and write versions 2) and its -wal is absent. */
function walAtRest(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(20);
      readSync(fd, head, 0, 20, 0);
      return head[18] === 2 && head[19] === 2 && !existsSync(`${file}-wal`);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

function schemaVersion(db: DB): number {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").get();
  return hasMeta
    ? Number(
        (db.prepare("SELECT value FROM meta WHERE key='schema_version'").get() as { value: string })?.value ??
          0,
      )
    : 0;
}

function migrate(db: DB, path: string): void {
  const current = schemaVersion(db);
  checkNotNewer(path, current);
  if (current === SCHEMA_VERSION) return;
  // Two processes opening a new store at once (two runs started together) both saw the old version;
  // the second then failed on "table meta already exists". Take the write lock, then look again.
  db.transaction(() => {
    const now = schemaVersion(db);
    if (now >= SCHEMA_VERSION) return;
    for (let v = now; v < SCHEMA_VERSION; v++) {
      const step = MIGRATIONS[v];
      if (typeof step === 'string') db.exec(step);
      else step(db);
    }
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(
      String(SCHEMA_VERSION),
    );
  }).immediate();
}
