import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allInOneConfigSchema } from './config';

const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

/** The rows of the table under `## Configuration`: name → default, as written. */
function documentedSettings(): Map<string, string> {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Configuration\n'));
  if (!section) throw new Error('README.md has no "## Configuration" section');
  const rows = section.split('\n').filter((line) => /^\| `[A-Z0-9_]+` \|/.test(line));
  return new Map(
    rows.map((row) => {
      const [name, defaultValue] = row.split('|').slice(1, 3).map((cell) => cell.trim().replace(/^`|`$/g, ''));
      return [name!, defaultValue!];
    }),
  );
}

describe('the README’s configuration table', () => {
  const documented = documentedSettings();
  const defaults = allInOneConfigSchema.parse({}) as Record<string, unknown>;

  it('lists exactly the keys of the configuration schemas', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(allInOneConfigSchema.shape).sort());
  });

  it('gives each key the default the schema applies', () => {
    // An empty default (a list of none) is written `empty`.
    const shown = (value: unknown) => String(value) || 'empty';
    const schemaDefaults = Object.keys(allInOneConfigSchema.shape).map((key) => [key, defaults[key] !== undefined ? shown(defaults[key]) : 'unset']);
    expect(schemaDefaults).toEqual(schemaDefaults.map(([key]) => [key, documented.get(key!)]));
  });
});
