import { byId } from './dom';

export interface Session {
  /** The current token; refreshed before it expires in the demo. */
  token(): string | undefined;
  /** Resolves once there is a token. */
  ready: Promise<void>;
}

interface DemoToken {
  token: string;
  expiresAt: string;
  tenantId: string;
  userId: string;
}

const storageKey = 'srw-admin-token';

/**
 * The demo signs in by itself: the all-in-one's dev-only sign-in mints a short-lived token of the demo
 * tenant, renewed a minute before it expires. Outside the demo the admin pastes a token of the Willo
 * frontend, kept in this tab only (sessionStorage).
 */
export function startSession(demoBasePath: string | undefined): Session {
  const status = byId('session');
  let current: string | undefined;
  if (demoBasePath !== undefined) {
    const signIn = async (): Promise<void> => {
      const answer = await fetch(`${demoBasePath}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (!answer.ok) throw new Error(`the demo sign-in answered ${answer.status}`);
      const minted = (await answer.json()) as DemoToken;
      current = minted.token;
      status.textContent = `Signed in as ${minted.userId} of tenant ${minted.tenantId} (demo)`;
      const renewInMs = Math.max(5_000, Date.parse(minted.expiresAt) - Date.now() - 60_000);
      setTimeout(() => void signIn().catch((error: unknown) => (status.textContent = String(error))), renewInMs);
    };
    const ready = signIn().catch((error: unknown) => {
      status.textContent = `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    });
    return { token: () => current, ready };
  }
  const section = byId('sign-in');
  const form = byId<HTMLFormElement>('sign-in-form');
  const input = byId<HTMLInputElement>('token');
  current = sessionStorage.getItem(storageKey) ?? undefined;
  const ready = new Promise<void>((resolve) => {
    if (current) {
      status.textContent = 'Signed in with the token given in this tab';
      resolve();
      return;
    }
    section.hidden = false;
    status.textContent = 'Not signed in';
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      current = input.value.trim();
      sessionStorage.setItem(storageKey, current);
      input.value = '';
      section.hidden = true;
      status.textContent = 'Signed in with the token given in this tab';
      resolve();
    });
  });
  return { token: () => current, ready };
}
