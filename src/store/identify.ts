import type Database from 'better-sqlite3';
import { stripControl } from '../util/terminal.js';

/**
 * Whether a SQLite file is an overthink store, before anything is written to it: another tool's
 * database must never gain our tables, and only an empty or new file may become a store.
 */

/** `PRAGMA application_id` of every store this version writes: 'OVTK'. */
export const APPLICATION_ID = 0x4f56544b;

/** Tables every overthink store has had since its first schema. */
const OUR_TABLES = ['meta', 'runs', 'items', 'samples'];

export type StoreKind =
  | { kind: 'empty' }
  | { kind: 'overthink'; version: number }
  | { kind: 'foreign'; why: string };

/**
 * Reads the header and the table list only. Throws SQLite's error for a file that is not a database.
 * The reads share one snapshot (one read transaction): three processes creating a new store at once
 * once saw no tables, then the objects another had just committed, and called our own store foreign.
 */
export function identifyStore(db: Database.Database): StoreKind {
  return db.transaction(() => identifyNow(db))();
}

function identifyNow(db: Database.Database): StoreKind {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const objects = db.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get() as number;
  if (appId !== 0 && appId !== APPLICATION_ID)
    return { kind: 'foreign', why: `its application id is ${appId}, not overthink's` };
  if (objects === 0) {
    const userVersion = db.pragma('user_version', { simple: true }) as number;
    if (appId === 0 && userVersion === 0) return { kind: 'empty' };
  }
  // A store made before the application id was set has none: it is known by its tables instead.
  const missing = OUR_TABLES.filter((t) => !tables.includes(t));
  const version = missing.length === 0 ? schemaVersion(db) : undefined;
  if (version === undefined) {
    // Names from someone else's file: no control sequences, no screenful.
    const shown = tables
      .slice(0, 5)
      .map((t) => stripControl(t).slice(0, 40))
      .join(', ')
      .concat(tables.length > 5 ? ', …' : '');
    return {
      kind: 'foreign',
      why: tables.length ? `a SQLite database with the tables ${shown}` : 'a SQLite database of another tool',
    };
  }
  return { kind: 'overthink', version };
}

/** The schema version a store's meta table records; undefined if it has none (or another shape). */
function schemaVersion(db: Database.Database): number | undefined {
  try {
    const v = Number(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get());
    return Number.isInteger(v) && v >= 1 ? v : undefined;
  } catch {
    return undefined; // a table called meta without our columns
  }
}
