/**
 * A gate a test opens by hand: code under test awaits `wait()`, the test calls `open()` once the
 * interleaving it needs is in place. `reached` resolves when the first waiter arrives, so the test
 * knows the other side is parked at the gate. This is how a race is forced instead of hoped for.
 */
export interface Gate {
  /** Parks the caller until `open()`; resolves at once after it. */
  wait(): Promise<void>;
  open(): void;
  /** Resolves when something first waits at the gate. */
  readonly reached: Promise<void>;
  readonly isOpen: boolean;
}

export function createGate(): Gate {
  let open!: () => void;
  let arrived!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  let isOpen = false;
  return {
    wait: () => {
      arrived();
      return opened;
    },
    open: () => {
      isOpen = true;
      open();
    },
    reached,
    get isOpen() {
      return isOpen;
    },
  };
}
