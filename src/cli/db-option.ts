import { Option } from 'commander';

/**
 * The `--db <file>` option of every command that opens a store: one spelling, one default. (`run`
 * has its own: its default comes from the config's output block.)
 */
export function dbOption(description = 'the results store (SQLite)'): Option {
  return new Option('--db <file>', description).default('overthink.db');
}
