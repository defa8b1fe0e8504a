#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`overthink: internal error: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
