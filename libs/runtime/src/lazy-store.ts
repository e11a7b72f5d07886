/**
 * A store opened on first use (and again after a failed open), so a service's parts can be built
 * synchronously and a store that starts late only delays its first call. For ports whose members
 * are all async methods (lease, candidate-key and webhook-key stores): each call waits for the open.
 * `close` closes the store only if it was opened.
 */
export function lazyStore<T extends { close(): Promise<void> }>(open: () => Promise<T>): T {
  let opening: Promise<T> | undefined;
  const store = () =>
    (opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error;
    }));
  const close = async () => {
    const opened = opening;
    opening = undefined;
    if (opened) await (await opened.catch(() => undefined))?.close();
  };
  return new Proxy({} as T, {
    get(_target, member) {
      if (member === 'close') return close;
      // Not a thenable: `await lazyStore(...)` must not call a `then` the port does not have.
      if (member === 'then') return undefined;
      return (...args: unknown[]) => store().then((opened) => (Reflect.get(opened, member) as (...a: unknown[]) => unknown).apply(opened, args));
    },
  });
}
