const unescapeHtml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] as string);

/**
 * The form of a page as a browser submits it: its action, its hidden inputs and the button clicked.
 * Enough for the SR sandbox's consent page (one post form of hidden inputs), not a general parser.
 */
export function formOf(html: string, button: { name: string; value: string }): { action: string; fields: URLSearchParams } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('the page has no post form');
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.append(name!, unescapeHtml(value!));
  fields.append(button.name, button.value);
  return { action: unescapeHtml(action), fields };
}

/** Where SR's consent page sent the browser back, and the authorization code in it (a secret). */
export interface ConsentOutcome {
  consentUrl: URL;
  callbackUrl: URL;
  code: string | null;
}

/**
 * What the admin's browser does after clicking Enable: opens `connectUrl` (our 302 to SR's consent
 * page, with `init`'s headers), loads that page, submits its form with `decision`, and returns the
 * callback URL SR redirects to, not yet opened.
 */
export async function approveOnConsentPage(connectUrl: string, init: RequestInit = {}, decision: 'approve' | 'deny' = 'approve'): Promise<ConsentOutcome> {
  const connect = await fetch(connectUrl, { ...init, redirect: 'manual' });
  if (connect.status !== 302) throw new Error(`Enable answered ${connect.status}, not a redirect to the consent page: ${await connect.text()}`);
  return decideOnConsentPage(new URL(connect.headers.get('location')!), decision);
}

/**
 * What the admin does on SR's consent page itself (the URL config-api's Enable answers): loads it,
 * submits its form with `decision`, and returns the callback URL SR redirects to, not yet opened.
 */
export async function decideOnConsentPage(consentUrl: URL, decision: 'approve' | 'deny' = 'approve'): Promise<ConsentOutcome> {
  const page = await fetch(consentUrl);
  if (page.status !== 200) throw new Error(`the consent page answered ${page.status}`);
  const form = formOf(await page.text(), { name: 'decision', value: decision });
  const answer = await fetch(new URL(form.action, consentUrl), { method: 'POST', body: form.fields, redirect: 'manual' });
  if (answer.status !== 302) throw new Error(`the consent form answered ${answer.status}, not a redirect`);
  const callbackUrl = new URL(answer.headers.get('location')!);
  return { consentUrl, callbackUrl, code: callbackUrl.searchParams.get('code') };
}
