#!/usr/bin/env node
import { main } from '../dist/bundle/main.js';

// `overthink export | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`overthink: internal error: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
