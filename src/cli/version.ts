/**
 * ldscope's version, from its package.json. Read here rather than left to yargs, which looks
 * for the package.json above the main script and would find the wrong one if ldscope were
 * started some other way (a bundled or embedded copy).
 */
export function ldscopeVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON, read when asked
  return (require('../../package.json') as { version: string }).version;
}
