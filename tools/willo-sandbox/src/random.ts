import { mulberry32 } from '@srw/test-support';

/** A small seeded generator: fault rates and generated keys repeat for the same seed. */
export const seededRandom: (seed: number) => () => number = mulberry32;

/** A 20-hex-digit key, the shape we assume Willo's opaque keys have (any opaque string would do). */
export function keyFrom(random: () => number): string {
  let key = '';
  while (key.length < 20) key += Math.floor(random() * 16).toString(16);
  return key;
}
