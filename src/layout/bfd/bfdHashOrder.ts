/**
 * The order in which BFD's hash table hands out its entries (bfd_hash_traverse). ld allocates
 * COMMON symbols by traversing its global symbol table (lang_common), so the order of two
 * common symbols inside one object's COMMON section — and with differing alignments, the
 * COMMON section's size — depends on the hash function, the table size and insertion order.
 *
 * bfd/hash.c: entries go to bucket `hash % size` and are pushed at the head of the bucket's
 * chain; the table (4051 buckets for ld's ELF link hash table) grows to the next prime of its
 * list (primes just below powers of two) when it holds more than 3/4 of its size in entries,
 * moving bucket by bucket each run of entries with one hash value to the head of its new chain.
 *
 * Only the relative order of the names a caller cares about is needed, and that depends only on
 * those names' hashes and insertion order and on when the table grew (a function of the total
 * count). So every insertion is recorded cheaply, and the table is replayed for the names of
 * interest only.
 */

const MASK = (1n << 64n) - 1n;

/** bfd_hash_hash, on the name's bytes (latin1), in 64-bit unsigned long arithmetic. */
export function bfdHash(name: string): bigint {
  let hash = 0n;
  for (let i = 0; i < name.length; i++) {
    const c = BigInt(name.charCodeAt(i) & 0xff);
    hash = (hash + c + (c << 17n)) & MASK;
    hash ^= hash >> 2n;
  }
  const len = BigInt(name.length);
  hash = (hash + len + (len << 17n)) & MASK;
  hash ^= hash >> 2n;
  return hash;
}

/** bfd_default_hash_table_size. */
export const DEFAULT_HASH_TABLE_SIZE = 4051;

/** higher_prime_number in bfd/hash.c: the table of primes it steps through. */
const PRIMES = [
  31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071, 262139, 524287,
  1048573, 2097143, 4194301, 8388593, 16777213, 33554393, 67108859, 134217689, 268435399,
  536870909, 1073741789, 2147483647,
];

function higherPrime(n: number): number {
  for (const p of PRIMES) if (p > n) return p;
  return 0;
}

export class BfdHashOrder {
  /** Every name in insertion order (each once: the caller inserts a name when it creates it). */
  private readonly names: string[] = [];

  insert(name: string): void {
    this.names.push(name);
  }

  /** The names of WANTED (a subset of those inserted), in bfd_hash_traverse order. */
  traversalOf(wanted: ReadonlySet<string>): string[] {
    let size = DEFAULT_HASH_TABLE_SIZE;
    let frozen = false;
    let buckets: string[][] = [];
    const hashes = new Map<string, bigint>();
    let count = 0;
    for (const name of this.names) {
      count++;
      if (wanted.has(name)) {
        const h = bfdHash(name);
        hashes.set(name, h);
        const b = Number(h % BigInt(size));
        (buckets[b] ??= []).unshift(name);
      }
      if (!frozen && count > Math.floor((size * 3) / 4)) {
        const newSize = higherPrime(size);
        if (newSize === 0) {
          frozen = true;
          continue;
        }
        const fresh: string[][] = [];
        for (let i = 0; i < buckets.length; i++) {
          const chain = buckets[i];
          if (!chain) continue;
          let k = 0;
          while (k < chain.length) {
            // A run of entries with one hash moves as a block, keeping its order.
            const h = hashes.get(chain[k])!;
            let end = k + 1;
            while (end < chain.length && hashes.get(chain[end]) === h) end++;
            const nb = Number(h % BigInt(newSize));
            fresh[nb] = [...chain.slice(k, end), ...(fresh[nb] ?? [])];
            k = end;
          }
        }
        size = newSize;
        buckets = fresh;
      }
    }
    const out: string[] = [];
    for (const chain of buckets) if (chain) out.push(...chain);
    return out;
  }
}
