import { spawn, spawnSync } from 'child_process';
import { InputError } from '../diagnostics/errors';
import type { CppInvocation } from './CppInvocation';
import { withoutLineMarkerSuppression } from './CppInvocation';
import { formatShellCommand } from './shellWords';

export interface CppRun {
  /** cpp's output: the script with line markers and (from -dD) every #define/#undef. */
  stdout: string;
  /** What cpp printed on stderr although it succeeded (warnings), '' when none. */
  stderr: string;
  /** The command as run, for messages: `cd DIR && gcc -E … -dD file`. */
  commandLine: string;
}

/** xen.lds.S with every header and -dD's defines is a few hundred KiB; leave ample room. */
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

/** What to execute for `inv`: cpp keeping its line markers and with `-dD`. */
interface CppCommand {
  program: string;
  args: string[];
  commandLine: string;
}

function cppCommand(inv: CppInvocation): CppCommand {
  const program = withoutLineMarkerSuppression(inv.program);
  const args = [...program.slice(1), ...withoutLineMarkerSuppression(inv.flags), '-dD', inv.scriptArg];
  const commandLine = `cd ${formatShellCommand([inv.cwd])} && ${formatShellCommand([program[0], ...args])}`;
  return { program: program[0], args, commandLine };
}

/** How a finished cpp process ended, the same for a synchronous and an asynchronous run. */
interface CppExit {
  error?: Error;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer | null;
  stderr: Buffer | null;
}

/**
 * Runs the preprocessor keeping its line markers and with `-dD`, so the output also says where
 * every macro was defined. A missing program or a failing cpp is the user's to fix: an
 * InputError carrying cpp's own message and the exact command, nothing guessed.
 */
export function runCpp(inv: CppInvocation): CppRun {
  const cmd = cppCommand(inv);
  const result = spawnSync(cmd.program, cmd.args, {
    cwd: inv.cwd,
    env: { ...process.env, ...inv.env },
    maxBuffer: MAX_OUTPUT_BYTES,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return cppResult(inv, cmd, result);
}

/**
 * runCpp without waiting: cpp runs while the caller does other work (reading the ELF takes
 * about as long as cpp on xen.lds.S, and the two can use both cores). Same output, same
 * errors. The promise is marked as handled, so the caller may stop early (on another error)
 * without an unhandled rejection; whoever awaits it still gets cpp's error.
 */
export function runCppAsync(inv: CppInvocation): Promise<CppRun> {
  const cmd = cppCommand(inv);
  const done = new Promise<CppRun>((resolve, reject) => {
    const finish = (exit: CppExit) => {
      try {
        resolve(cppResult(inv, cmd, exit));
      } catch (e) {
        reject(e);
      }
    };
    let child;
    try {
      child = spawn(cmd.program, cmd.args, { cwd: inv.cwd, env: { ...process.env, ...inv.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      finish({ error: e as Error, status: null, signal: null, stdout: null, stderr: null });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let tooMuch: Error | undefined;
    let spawnError: Error | undefined;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES && !tooMuch) {
        // As spawnSync's maxBuffer: stop cpp and report it.
        tooMuch = Object.assign(new Error(`spawn ${cmd.program} ENOBUFS`), { code: 'ENOBUFS' });
        child.kill();
      }
      if (!tooMuch) into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (e) => {
      spawnError = e;
    });
    // 'close' comes after 'exit' and after both pipes are drained; on a failed spawn, after 'error'.
    child.on('close', (status, signal) => {
      finish({ error: spawnError ?? tooMuch, status, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
    });
  });
  done.catch(() => {});
  return done;
}

function cppResult(inv: CppInvocation, cmd: CppCommand, result: CppExit): CppRun {
  const { commandLine } = cmd;
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new InputError(
        `ldscope: cannot run the C preprocessor '${cmd.program}': command not found ` +
          `(flags from ${inv.source}; install it, e.g. 'apt-get install cpp', or name another with --cpp)`,
      );
    }
    if (code === 'EACCES') {
      throw new InputError(`ldscope: cannot run the C preprocessor '${cmd.program}': permission denied`);
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
