/**
 * Holds `parties` callers until the last one arrives, then releases them all at once, so racing
 * operations really start together instead of one after another as the loop creates them.
 */
export function barrier(parties: number): { arrive(): Promise<void> } {
  let arrived = 0;
  let release!: () => void;
  const open = new Promise<void>((resolve) => (release = resolve));
  return {
    arrive() {
      arrived++;
      if (arrived === parties) release();
      if (arrived > parties) throw new Error(`barrier for ${parties} passed by caller ${arrived}`);
      return open;
    },
  };
}
