#!/usr/bin/env node
/** The `registry-lifecycle` executable: runs `main` from ./preview on the real process. */

import { main } from './preview';

// Piping into `head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = main(process.argv.slice(2));
