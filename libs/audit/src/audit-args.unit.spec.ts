import { ValidationError } from '@srw/errors';
import { describe, expect, it } from 'vitest';
import { parseAuditArgs } from './audit-args';

const failure = (argv: string[]) => {
  try {
    parseAuditArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('the audit command line', () => {
  it('reads a trail of a tenant, or of one interview, job or candidate of it', () => {
    expect(parseAuditArgs(['trail', '--tenant', 'acme'])).toEqual({ command: 'trail', tenant: 'acme', format: 'text', progress: false, subject: { kind: 'tenant' } });
    expect(parseAuditArgs(['trail', '--tenant', 'acme', '--job', 'j1', '--format', 'jsonl'])).toMatchObject({ subject: { kind: 'job', id: 'j1' }, format: 'jsonl' });
    expect(parseAuditArgs(['trail', '--tenant', 'acme', '--candidate', 'c1'])).toMatchObject({ subject: { kind: 'candidate', id: 'c1' } });
    expect(parseAuditArgs(['trail', '--tenant', 'acme', '--interview', 'iv1', '--progress'])).toMatchObject({ subject: { kind: 'interview', id: 'iv1' }, progress: true });
  });

  it('reads a replay of chosen read models, as of a time, into a new database', () => {
    expect(parseAuditArgs(['replay', '--models', 'jobs, integrations,jobs', '--as-of', '2026-01-31T10:00:00+01:00', '--into', 'x.sqlite'])).toEqual({
      command: 'replay',
      models: ['jobs', 'integrations'],
      asOf: new Date('2026-01-31T09:00:00Z'),
      into: 'x.sqlite',
      progress: false,
    });
  });

  it('reads an export window and format', () => {
    expect(parseAuditArgs(['export', '--tenant', 'acme', '--from', '2026-01-01T00:00:00Z', '--to', '2026-02-01T00:00:00Z', '--format', 'csv', '--out', 'a.csv'])).toEqual({
      command: 'export',
      tenant: 'acme',
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-02-01T00:00:00Z'),
      format: 'csv',
      out: 'a.csv',
      progress: false,
    });
  });

  it('refuses a bad read-model name, naming the known ones', () => {
    expect(failure(['replay', '--models', 'jobs,jobz', '--into', 'x'])).toMatch(/--models: unknown read model "jobz": one of integrations, jobs, /);
  });

  it('refuses a bad time, a window that ends before it starts, and a malformed tenant', () => {
    expect(failure(['export', '--tenant', 'acme', '--from', 'yesterday', '--to', '2026-02-01T00:00:00Z'])).toMatch(/--from: an ISO 8601 time/);
    expect(failure(['replay', '--models', 'jobs', '--as-of', '2026-13-01T00:00:00Z', '--into', 'x'])).toMatch(/--as-of: an ISO 8601 time/);
    expect(failure(['export', '--tenant', 'acme', '--from', '2026-02-01T00:00:00Z', '--to', '2026-01-01T00:00:00Z'])).toMatch(/--from must be before --to/);
    expect(failure(['trail', '--tenant', 'ac me'])).toMatch(/--tenant: a tenant id/);
    expect(failure(['trail'])).toMatch(/--tenant/);
  });

  it('refuses an unknown command or option, two subjects, and stray arguments', () => {
    expect(failure(['replya'])).toMatch(/unknown command "replya"/);
    expect(failure([])).toMatch(/a command/);
    expect(failure(['trail', '--tenant', 'acme', '--tennant', 'x'])).toMatch(/tennant/);
    expect(failure(['trail', '--tenant', 'acme', '--job', 'j', '--candidate', 'c'])).toMatch(/at most one of --interview, --job and --candidate/);
    expect(failure(['trail', 'extra', '--tenant', 'acme'])).toMatch(/unexpected argument "extra"/);
    expect(failure(['export', '--tenant', 'acme', '--models', 'jobs', '--from', '2026-01-01T00:00:00Z', '--to', '2026-02-01T00:00:00Z'])).toMatch(/models/);
  });
});
