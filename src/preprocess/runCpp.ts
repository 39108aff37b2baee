import { spawnSync } from 'child_process';
import { InputError } from '../diagnostics/errors';
import type { CppInvocation } from './CppInvocation';
import { withoutLineMarkerSuppression } from './CppInvocation';
import { formatShellCommand } from './shellWords';

export interface CppRun {
  /** cpp's output: the script with line markers and (from -dD) every #define/#undef. */
  stdout: string;
  /** What cpp printed on stderr although it succeeded (warnings), '' when nothing. */
  stderr: string;
  /** The command as run, for messages: `cd DIR && gcc -E … -dD file`. */
  commandLine: string;
}

/** xen.lds.S with every header and -dD's defines is a few hundred KiB; leave ample room. */
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

/**
 * Runs the preprocessor keeping its line markers and with `-dD`, so the output also says where
 * every macro was defined. A missing program or a failing cpp is the user's to fix: an
 * InputError carrying cpp's own message and the exact command, nothing guessed.
 */
export function runCpp(inv: CppInvocation): CppRun {
  const program = withoutLineMarkerSuppression(inv.program);
  const args = [...program.slice(1), ...withoutLineMarkerSuppression(inv.flags), '-dD', inv.scriptArg];
  const commandLine = `cd ${formatShellCommand([inv.cwd])} && ${formatShellCommand([program[0], ...args])}`;
  const result = spawnSync(program[0], args, {
    cwd: inv.cwd,
    env: { ...process.env, ...inv.env },
    maxBuffer: MAX_OUTPUT_BYTES,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new InputError(
        `ldscope: cannot run the C preprocessor '${program[0]}': command not found ` +
          `(flags from ${inv.source}; install it, e.g. 'apt-get install cpp', or name another with --cpp)`,
      );
    }
    if (code === 'EACCES') {
      throw new InputError(`ldscope: cannot run the C preprocessor '${program[0]}': permission denied`);
    }
    throw new InputError(`ldscope: running the C preprocessor failed: ${result.error.message}\n  command: ${commandLine}`);
  }
  // Script text is decoded byte for byte (latin1), as the parser reads files: a column is a
  // byte offset, as in gcc's and ld's messages. cpp's messages are text for the terminal.
  const stderr = result.stderr ? result.stderr.toString('utf8') : '';
  if (result.status !== 0) {
    const how = result.signal ? `killed by ${result.signal}` : `exit status ${result.status}`;
    throw new InputError(
      `ldscope: the C preprocessor failed (${how}) on ${inv.scriptArg}:\n` +
        (stderr.trim() ? stderr.replace(/\s+$/, '') + '\n' : '') +
        `  command: ${commandLine}\n  flags from: ${inv.source}`,
    );
  }
  return { stdout: result.stdout ? result.stdout.toString('latin1') : '', stderr, commandLine };
}
