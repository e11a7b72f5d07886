import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));
const staticImport = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;

/** Every package a module loads at run time through its static imports, following our own files. */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(staticImport)) {
      // Type-only imports are erased: they load nothing.
      if (/^\s*(?:import|export)\s+type\s/.test(match[0].trim())) continue;
      const specifier = match[1]!;
      if (!specifier.startsWith('.')) {
        packages.add(specifier);
        continue;
      }
      const base = resolve(dirname(file), specifier);
      const target = [`${base}.ts`, `${base}/index.ts`].find((candidate) => existsSync(candidate));
      if (!target) throw new Error(`${file}: cannot resolve ${specifier}`);
      visit(target);
    }
  };
  visit(resolve(src, entry));
  return packages;
}

describe('@srw/vault entry points', () => {
  it('the main entry (ports, cipher, embedded adapters, signer) never loads the mongodb driver', () => {
    const loaded = packagesLoadedBy('index.ts');
    expect(loaded).toContain('@srw/sqlite');
    expect(loaded).not.toContain('mongodb');
  });

  it('the testing entry does not either; the mongo entry does', () => {
    expect(packagesLoadedBy('testing/index.ts')).not.toContain('mongodb');
    expect(packagesLoadedBy('mongo/index.ts')).toContain('mongodb');
  });
});
