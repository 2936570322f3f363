#!/usr/bin/env node
import { describeError, EXIT } from './errors.js';
import { colorsEnabled } from './output.js';
import { buildProgram } from './program.js';
import pc from 'picocolors';

// `celonis-scim users list | head` closes stdout early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT.ok);
  throw e;
});

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  const c = pc.createColors(colorsEnabled(process.stderr, !process.argv.includes('--no-color')));
  process.stderr.write(`${c.red('error:')} ${describeError(e)}\n`);
  process.exitCode = EXIT.error;
}
