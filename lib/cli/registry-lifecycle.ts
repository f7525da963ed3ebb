#!/usr/bin/env node
/** The `registry-lifecycle` executable: `apply` (asynchronous, talks to a registry) or `main` from ./preview on the real process. */

import { runApply } from './apply/command';
import { main } from './preview';

// Piping into `head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const argv = process.argv.slice(2);
if (argv[0] === 'apply') {
  void runApply(argv.slice(1)).then((code) => {
    process.exitCode = code;
  });
} else {
  process.exitCode = main(argv);
}
