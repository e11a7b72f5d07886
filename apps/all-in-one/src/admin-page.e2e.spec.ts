import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminContentSecurityPolicy } from '@srw/config-api';
import { announceSkip, isCi } from '@srw/test-support';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductInOneProcess, type ProductInOneProcess } from './testing/product-driver';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it). */
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  if (isCi()) throw new Error(`no Chromium at ${chromiumPath}: .ci/run installs it (apt-get install -y chromium)`);
  announceSkip('the admin page in a browser', `no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}

/** Kept after the run (git-ignored): one screenshot per screen. */
const artefacts = fileURLToPath(new URL('../../../.artifacts/admin-page-e2e/', import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's scan of the page as it is: the violations a user would meet, serious or worse. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not stop it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * The admin page in Debian's Chromium (headless), on the whole product in one process (embedded
 * adapters, both sandboxes): Enable through the SR sandbox's consent page, the first sync's end on
 * the tile, an interview mapped to a job and its trigger stage, the candidate moved by the demo's
 * recruiter panel, the invite on the timeline, the interview completed by the candidate panel, the
 * note on the timeline. Every screen is kept as a screenshot; axe-core finds nothing serious.
 */
describe.skipIf(!hasChromium)('the admin page, in a browser', () => {
  let product: ProductInOneProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const failedAnswers: string[] = [];
  let shot = 0;
  const screenshot = async (name: string) => {
    const file = join(artefacts, `${String(++shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };

  beforeAll(async () => {
    rmSync(artefacts, { recursive: true, force: true });
    mkdirSync(artefacts, { recursive: true });
    console.log(`admin page screenshots: ${artefacts}`);
    // The page signs in by itself, as the demo does: config-api trusts the demo's secret, not the test JWTs.
    product = await startProductInOneProcess({ name: 'admin-page-e2e', sandbox: { jobs: 12, candidates: 80 }, demoSignIn: true, logLevel: 'info' });
    const adminOrigin = product.allInOne.adminUrl()!.replace(/\/admin$/, '');
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Failed answers of our own origin, but the one the page expects: an interview without a mapping yet is a 404.
    page.on('response', (response) => {
      const url = response.url();
      if (response.status() < 400 || !url.startsWith(adminOrigin)) return;
      if (response.status() === 404 && /\/v1\/interviews\/[^/]+\/mapping$/.test(new URL(url).pathname)) return;
      failedAnswers.push(`${response.status()} ${response.request().method()} ${url}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  /** What the page and the service said, attached to a failed wait. */
  const diagnosed = async <T>(what: string, wait: () => Promise<T>): Promise<T> => {
    try {
      return await wait();
    } catch (error) {
      const timeline = await page.locator('#timeline').innerText().catch(() => '(no timeline)');
      const problems = product.logLines.filter((line) => /"level":"(warn|error)"/.test(line)).slice(-20);
      throw new Error(`${what}: ${(error as Error).message}\ntimeline:\n${timeline}\nwarnings and errors:\n${problems.join('\n')}`, { cause: error });
    }
  };
  const timelineKinds = () => page.locator('#timeline li').evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));

  it('enable → map a job and stage → move a candidate → the invite and the note on the timeline; no serious accessibility violation', { timeout: 300_000 }, async () => {
    const adminUrl = product.allInOne.adminUrl()!;
    const { sr } = product.allInOne.sandboxes();
    const srTenant = sr.control.tenant();

    // The page, its strict CSP, and the demo signed in by itself.
    const answer = await page.goto(adminUrl);
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()['content-security-policy']).toBe(adminContentSecurityPolicy);
    await page.locator('body[data-ready="true"]').waitFor();
    await expect.poll(() => page.locator('#session').textContent()).toContain('demo-admin');
    expect(await page.locator('#sr-status').textContent()).toBe('Not connected');
    await screenshot('integrations-disconnected');
    expect(await seriousViolations(page)).toEqual([]);

    // Keyboard: the skip link comes first and leads to the page's content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).toBe('Skip to the integrations');

    // 1. Enable: SR's consent page, Allow, back through our callback.
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${sr.url}/identity/oauth/allow`));
    await screenshot('sr-consent-page');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.pathname === '/oauth/callback');
    await screenshot('oauth-callback');
    await page.goto(adminUrl);
    await page.locator('body[data-ready="true"]').waitFor();
    await expect.poll(() => page.locator('#sr-last-sync').textContent(), { timeout: 90_000 }).toContain('completed');
    expect(await page.locator('#sr-status').textContent()).toBe('Connected');
    expect(await page.locator('#sr-error').textContent()).toBe('');
    await screenshot('integrations-connected');

    // 2. A job with a candidate to move (an ASCII email: the Willo sandbox refuses others) and its trigger step.
    const open = new Set(['CREATED', 'SOURCING', 'INTERVIEW', 'OFFER']);
    const movable = (jobId: string) =>
      [...srTenant.applications.values()]
        .filter((a) => a.jobId === jobId && ['LEAD', 'NEW', 'IN_REVIEW'].includes(a.status))
        .map((a) => a.candidateId)
        .filter((id) => /^[\x21-\x7e]+$/.test(srTenant.candidates.get(id)?.email ?? ''));
    const job = [...srTenant.jobs.values()].find((j) => open.has(j.status) && movable(j.id).length > 0 && srTenant.hiringProcesses.find((p) => p.id === j.hiringProcessId)?.subStatuses.INTERVIEW[0]);
    if (!job) throw new Error('the seeded SR sandbox has no open job with a candidate to move');
    const candidateId = movable(job.id)[0]!;
    const step = srTenant.hiringProcesses.find((p) => p.id === job.hiringProcessId)!.subStatuses.INTERVIEW[0]!;
    const title = srTenant.jobs.get(job.id)!.title;

    // The dropdown: search by title, tick the job, choose its trigger stage, Apply.
    await page.getByLabel('Search SmartRecruiters jobs').fill(title);
    const checkbox = page.locator(`[id="job-${job.id}"]`);
    await checkbox.waitFor({ timeout: 60_000 });
    await checkbox.check();
    const stageSelect = page.getByLabel(`Trigger stage of ${title}`, { exact: true });
    await expect.poll(() => stageSelect.locator(`option[value="INTERVIEW/${step}"]`).count()).toBe(1);
    await stageSelect.selectOption(`INTERVIEW/${step}`);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('#apply-message').textContent()).toContain('Applied');
    expect(await page.locator('#applied').textContent()).toContain(title);
    await screenshot('interview-mapped');

    // 3. The recruiter moves the candidate in SR (the demo panel, the SR sandbox's control API).
    await expect.poll(() => page.locator(`#recruiter-candidate option[value="${candidateId}"]`).count(), { timeout: 30_000 }).toBe(1);
    await page.getByLabel('Job', { exact: true }).selectOption(job.id);
    await page.getByLabel('Candidate', { exact: true }).selectOption(candidateId);
    await page.getByLabel('Move to stage').selectOption(JSON.stringify({ status: 'INTERVIEW', subStatus: step }));
    await page.getByRole('button', { name: 'Move the candidate' }).click();
    await expect.poll(() => page.locator('#recruiter-message').textContent()).toContain('Moved');
    await screenshot('candidate-moved');

    // 4. The invite on the timeline, and in Willo: the candidate completes the interview.
    await diagnosed('the invite on the timeline', () => expect.poll(timelineKinds, { timeout: 90_000 }).toContain('InviteSent'));
    await screenshot('timeline-invited');
    await expect.poll(() => page.locator('#candidate-invitation option').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Complete the interview' }).click();
    await expect.poll(() => page.locator('#candidate-message').textContent()).toContain('completed');

    // 5. The response and the note written back to SR, on the timeline.
    await diagnosed('the note on the timeline', () => expect.poll(timelineKinds, { timeout: 90_000 }).toContain('NoteWritten'));
    expect(await timelineKinds()).toContain('ResponseReceived');
    expect(srTenant.messages.filter((m) => !m.deleted && m.applications.some((a) => a.candidateId === candidateId))).toHaveLength(1);
    await screenshot('timeline-note-written');

    // The page filled in, scanned again; no script error, no failed call.
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(failedAnswers).toEqual([]);
  });
});
