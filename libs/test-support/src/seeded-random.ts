/**
 * A seeded pseudo-random generator for randomised tests, so that a failure can be replayed: the seed
 * is printed, and `TEST_SEED=<seed>` runs the same draws again. mulberry32: small, fast, and
 * good enough for picking faults (not for anything secret).
 */
export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

export function seedFrom(env: NodeJS.ProcessEnv = process.env): number {
  const given = env['TEST_SEED'];
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new Error(`TEST_SEED must be an integer from 0 to ${0xffffffff}, got "${given}"`);
    }
    return seed;
  }
  return Math.floor(Math.random() * 0x100000000);
}

/** The generator itself: floats in [0, 1), the same sequence for the same seed (the sandboxes' seeds too). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  };
}

/** A generator for one randomised test: prints its seed, so that a failure can be replayed. */
export function seededRandom(what: string, seed: number = seedFrom()): SeededRandom {
  console.info(`${what}: random seed ${seed} (replay with TEST_SEED=${seed})`);
  const next = mulberry32(seed);
  return { seed, next, chance: (p) => next() < p };
}
