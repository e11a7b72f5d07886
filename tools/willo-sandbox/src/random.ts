/** A small seeded generator (mulberry32): fault rates and generated keys repeat for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 20-hex-digit key, the shape we assume Willo's opaque keys have (any opaque string would do). */
export function keyFrom(random: () => number): string {
  let key = '';
  while (key.length < 20) key += Math.floor(random() * 16).toString(16);
  return key;
}
