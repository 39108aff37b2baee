/**
 * Phase marks for finding where a command's time goes: with LDSCOPE_TIMING set, each mark
 * prints the wall time since the process started and the CPU time (user + system) this
 * process has used so far, in milliseconds, on stderr. Without it a mark costs one branch.
 * Wall time alone misleads on a shared machine; the CPU column is the one to compare.
 */
const enabled = Boolean(process.env.LDSCOPE_TIMING);

export function timingMark(label: string): void {
  if (!enabled) return;
  const cpu = process.cpuUsage();
  const wall = performance.now().toFixed(1);
  process.stderr.write(`ldscope timing: ${label.padEnd(24)} wall ${wall.padStart(7)} ms  cpu ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(5)} ms\n`);
}
