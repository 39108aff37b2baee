/**
 * Iteration N of a campaign: a seed script picked and damaged by one to four mutations, all
 * drawn from a stream that depends only on (campaign seed, N), so any failing iteration can
 * be rebuilt on its own (`scripts/fuzz.js --seed S --only N`).
 */
import * as path from 'node:path';
import type { FuzzInput } from './FuzzInput';
import { MUTATIONS } from './mutations';
import { SeededRandom } from '../SeededRandom';
import type { SeedScript } from './seedScripts';

export function mutatedInput(seeds: readonly SeedScript[], campaignSeed: number, iteration: number): FuzzInput {
  if (seeds.length === 0) throw new Error('mutatedInput: no seed scripts');
  const rng = SeededRandom.forIteration(campaignSeed, iteration);
  const seed = rng.pick(seeds);
  const others = seeds.map((s) => s.text);
  let text = seed.text;
  const applied: string[] = [];
  for (let n = rng.int(1, 4); n > 0; n--) {
    const mutation = rng.pick(MUTATIONS);
    text = mutation.apply(text, rng, others);
    applied.push(mutation.name);
  }
  return {
    label: `#${iteration} ${path.basename(seed.name)} +${applied.join(' +')}`,
    name: seed.name,
    text,
    bytes: text.length,
  };
}
