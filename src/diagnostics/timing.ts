/**
 * Phase marks for finding where a command's time goes: with LDSCOPE_TIMING set, each mark
 * prints the wall time since the process started and the CPU time (user + system) this
 * process has used so far, in milliseconds, on stderr. Without it a mark costs one branch.
 * Wall time alone misleads on a shared machine; the CPU column is the one to compare. The
 * last column counts the page faults so far: on some machines (sandboxed VMs) each costs
 * ~15 µs, so memory first touched is a large part of a short run's time.
 */
const enabled = Boolean(process.env.LDSCOPE_TIMING);

export function timingMark(label: string): void {
  if (!enabled) return;
  const usage = process.resourceUsage();
  const wall = performance.now().toFixed(1);
  const cpu = ((usage.userCPUTime + usage.systemCPUTime) / 1000).toFixed(0);
  process.stderr.write(`ldscope timing: ${label.padEnd(24)} wall ${wall.padStart(7)} ms  cpu ${cpu.padStart(5)} ms  faults ${String(usage.minorPageFault + usage.majorPageFault).padStart(6)}\n`);
}
