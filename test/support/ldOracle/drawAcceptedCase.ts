/**
 * A generated case that GNU ld accepts, with its ground truth. The generator aims to produce
 * only valid cases; when ld (or address placement) still rejects one, the case is redrawn
 * from a seed derived deterministically from the requested one, and the rejection counted so
 * that the harness can report how rare it is.
 */
import * as fs from 'node:fs';
import { LdResult, LinkCase } from './caseTypes';
import { GenerateOptions, UnplaceableCaseError, generateCase } from './generateCase';
import { linkCase } from './linkCase';

export interface DrawStats {
  /** Cases generated (accepted + rejected + unplaceable). */
  drawn: number;
  accepted: number;
  /** ld exited non-zero. */
  rejected: number;
  /** The generator could not fit the addresses to the architecture. */
  unplaceable: number;
  /** First lines of ld's complaints, with the seed, for tuning the generator. */
  rejections: Array<{ seed: number; stderr: string }>;
}

export function newDrawStats(): DrawStats {
  return { drawn: 0, accepted: 0, rejected: 0, unplaceable: 0, rejections: [] };
}

/** Seed for the k-th redraw of `seed` (k = 0 is the seed itself). */
export function redrawSeed(seed: number, attempt: number): number {
  if (attempt === 0) return seed >>> 0;
  return (Math.imul(seed ^ 0x5bd1e995, 0x01000193) + Math.imul(attempt, 0x9e3779b9)) >>> 0;
}

export function drawAcceptedCase(
  seed: number,
  dir: string,
  opts: GenerateOptions = {},
  stats: DrawStats = newDrawStats(),
  maxAttempts = 20,
): { linkCase: LinkCase; result: LdResult } {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const s = redrawSeed(seed, attempt);
    stats.drawn++;
    let c: LinkCase;
    try {
      c = generateCase(s, opts);
    } catch (e) {
      if (e instanceof UnplaceableCaseError) {
        stats.unplaceable++;
        continue;
      }
      throw e;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const result = linkCase(c, dir);
    if (result.ok) {
      stats.accepted++;
      return { linkCase: c, result };
    }
    stats.rejected++;
    stats.rejections.push({ seed: s, stderr: result.stderr.split('\n').filter((l) => !/warning:/.test(l)).slice(0, 3).join('\n') });
  }
  throw new Error(`no case accepted by ld after ${maxAttempts} draws from seed ${seed}`);
}
