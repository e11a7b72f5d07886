/**
 * Imports one module and prints, as JSON, which infrastructure client packages that import loaded.
 * Run in its own process so that nothing else has loaded them before: `tsx loaded-packages.ts <specifier>`.
 *
 * The clients watched are CommonJS packages, so every file of theirs that loads, whether by `require`
 * or by `import`, lands in the CommonJS module cache.
 */
import { createRequire } from 'node:module';

const infrastructureClients = ['kafkajs', 'mongodb', '@eventstore/db-client'] as const;

const [specifier] = process.argv.slice(2);
if (!specifier) throw new Error('usage: loaded-packages.ts <module specifier>');
await import(specifier);
const loadedFiles = Object.keys(createRequire(import.meta.url).cache);
const loaded = infrastructureClients.filter((name) => loadedFiles.some((file) => file.includes(`/node_modules/${name}/`)));
process.stdout.write(JSON.stringify(loaded) + '\n');
