/** The element the server rendered with this id; a missing one is a bug of the page, said plainly. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the admin page has no #${id}`);
  return found as T;
}

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function metaContent(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || undefined;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
export const formatTime = (iso: string | null | undefined, none = 'never') => (iso ? dateTime.format(new Date(iso)) : none);

export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds % 3600 === 0) return `every ${seconds / 3600} h`;
  if (seconds % 60 === 0) return `every ${seconds / 60} min`;
  return `every ${seconds} s`;
}

/** The RFC 9457 problem of a failed call, as one line a person can act on. */
export function problemText(problem: unknown, fallback: string): string {
  if (!problem || typeof problem !== 'object') return fallback;
  const { title, detail, errors } = problem as { title?: string; detail?: string; errors?: { path: string; message: string }[] };
  const fields = errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
  return [detail ?? title ?? fallback, fields].filter(Boolean).join(' — ');
}

/** Runs an action from a button, with the button disabled meanwhile and the outcome said in `message`. */
export async function withBusy(button: HTMLButtonElement | null, message: HTMLElement, action: () => Promise<string>): Promise<void> {
  if (button) button.disabled = true;
  message.textContent = '…';
  try {
    message.textContent = await action();
  } catch (error) {
    message.textContent = error instanceof Error ? error.message : String(error);
  } finally {
    if (button) button.disabled = false;
  }
}
