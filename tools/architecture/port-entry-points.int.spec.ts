import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * A port's main entry point loads no infrastructure client: code that only needs the port (a
 * handler, a domain test, the embedded mode) never pulls in kafkajs, mongodb or the EventStoreDB
 * client. Each import runs in a fresh process, whose module cache says what it loaded.
 */
const workspace = fileURLToPath(new URL('../..', import.meta.url));
const probe = fileURLToPath(new URL('./loaded-packages.ts', import.meta.url));

async function clientsLoadedBy(specifier: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', probe, specifier], { cwd: workspace });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
}

describe('entry points', () => {
  it.each([
    '@srw/event-store',
    '@srw/bus',
    '@srw/read-store',
    '@srw/event-store/embedded',
    '@srw/bus/embedded',
    '@srw/read-store/embedded',
    '@srw/runtime',
    '@srw/projections',
  ])('%s loads no infrastructure client', async (specifier) => {
    expect(await clientsLoadedBy(specifier)).toEqual([]);
  });

  // The probe itself works: each real adapter's entry point loads its client, and only its own.
  it.each([
    ['@srw/event-store/esdb', '@eventstore/db-client'],
    ['@srw/bus/kafka', 'kafkajs'],
    ['@srw/read-store/mongo', 'mongodb'],
  ])('%s loads %s and no other client', async (specifier, client) => {
    expect(await clientsLoadedBy(specifier)).toEqual([client]);
  });
});
