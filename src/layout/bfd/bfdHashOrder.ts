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
 */

/** bfd_hash_hash, on the name's bytes (latin1), in 64-bit unsigned long arithmetic. */
export function bfdHash(name: string): bigint {
  const MASK = (1n << 64n) - 1n;
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

/**
 * Simulates insertions of distinct names into ld's link hash table and returns them in
 * traversal order. Only the relative order of the names matters to callers.
 */
export class BfdHashOrder {
  private size = DEFAULT_HASH_TABLE_SIZE;
  private buckets: string[][] = [];
  private count = 0;
  private readonly hashes = new Map<string, bigint>();

  insert(name: string): void {
    if (this.hashes.has(name)) return;
    const h = bfdHash(name);
    this.hashes.set(name, h);
    const b = Number(h % BigInt(this.size));
    (this.buckets[b] ??= []).unshift(name);
    this.count++;
    if (!this.frozen && this.count > Math.floor((this.size * 3) / 4)) this.grow();
  }

  private frozen = false;

  private grow(): void {
    const newSize = higherPrime(this.size);
    if (newSize === 0) {
      this.frozen = true;
      return;
    }
    const fresh: string[][] = [];
    for (let i = 0; i < this.size; i++) {
      const chain = this.buckets[i];
      if (!chain) continue;
      let k = 0;
      while (k < chain.length) {
        // A run of entries with the same hash moves as one block, keeping its order.
        const h = this.hashes.get(chain[k])!;
        let end = k + 1;
        while (end < chain.length && this.hashes.get(chain[end]) === h) end++;
        const b = Number(h % BigInt(newSize));
        fresh[b] = [...chain.slice(k, end), ...(fresh[b] ?? [])];
        k = end;
      }
    }
    this.size = newSize;
    this.buckets = fresh;
  }

  /** Every inserted name, in bfd_hash_traverse order. */
  traversal(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.size; i++) {
      const chain = this.buckets[i];
      if (chain) out.push(...chain);
    }
    return out;
  }
}
