// Seeded pseudo-random numbers for the simulator. Every random choice in the engine comes
// from an Rng, so a run replays exactly from its seed.
//
// The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator: 128 bits
// of state, passes PractRand), seeded through splitmix32. `fork(label)` derives a child
// stream from the parent's *seed* and the label, not from the parent's position, so a new
// subsystem that forks its own stream does not shift the numbers any other subsystem sees.

/** FNV-1a hash of a string to 32 bits. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export type Seed = number | string;

function seedNumber(seed: Seed): number {
  return typeof seed === "number" ? seed >>> 0 : hashString(seed);
}

export class Rng {
  /**
   * sfc32's four words a, b, c, d. Int32 lanes rather than number fields: the words are uint32,
   * and a field holding one above 2^31 is a boxed double in V8, read and written on every draw
   * (every message the network routes draws one).
   */
  private readonly s = new Int32Array(4);
  /** The seed this stream was made from: forks derive from it. */
  readonly seed: number;

  constructor(seed: Seed) {
    this.seed = seedNumber(seed);
    const mix = splitmix32(this.seed);
    for (let i = 0; i < 4; i++) this.s[i] = mix();
    // Discard the first outputs, as sfc32's author recommends, to let the state mix.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** An independent stream for a named subsystem ("network", "member/3/disk"...). */
  fork(label: string): Rng {
    return new Rng((Math.imul(this.seed ^ 0x5bd1e995, 0x27d4eb2d) ^ hashString(label)) >>> 0);
  }

  nextUint32(): number {
    // The same arithmetic modulo 2^32, in int32: the lanes wrap on store.
    const s = this.s;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n), without modulo bias. */
  intn(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new RangeError(`intn: n must be an integer in [1, 2^32], got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x: number;
    do x = this.nextUint32();
    while (x >= limit);
    return x % n;
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.intn(max - min + 1);
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[this.intn(items.length)]!;
  }

  /** The generator's full state, for snapshots of the world. */
  save(): [number, number, number, number] {
    const s = this.s;
    return [s[0]! >>> 0, s[1]! >>> 0, s[2]! >>> 0, s[3]! >>> 0];
  }

  restore(state: readonly [number, number, number, number]): void {
    this.s.set(state);
  }
}
