import type Database from 'better-sqlite3';

/** A connection to a store (better-sqlite3). */
export type DB = Database.Database;
