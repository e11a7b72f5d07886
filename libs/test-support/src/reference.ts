import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Absolute path of a file under `../shared/reference/` (beside the checkout), or undefined when that
 * folder is absent (a user's clone without it). CI always has it. Override with SHARED_REFERENCE_DIR.
 */
export function referencePath(relative: string): string | undefined {
  const base = process.env['SHARED_REFERENCE_DIR'] ?? resolve(repoRoot, '../shared/reference');
  const path = resolve(base, relative);
  return existsSync(path) ? path : undefined;
}

/** Prints one clear line that a suite was skipped, and why. */
export function announceSkip(suite: string, reason: string): void {
  console.warn(`SKIPPED ${suite}: ${reason}`);
}
