#!/usr/bin/env node
import { runCli } from './run-cli.js';

// A closed pipe (e.g. `sizefit ... | head`) ends the program quietly instead of with an EPIPE trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`sizefit: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    // Exit now: an open server or timer must not keep a failed command running.
    process.exit(1);
  },
);
