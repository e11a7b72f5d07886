import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import { TransientError, UpstreamError } from '@srw/errors';
import type { Lease, LeaseTermLog } from './lease-store.port';
import { TermLeaseStore } from './term-lease-store';

interface TermDocument {
  /** `<key>#<term>`: the unique `_id` is what makes a claim atomic, on FerretDB too. */
  _id: string;
  key: string;
  term: number;
  owner: string;
  expiresAt: number;
}

const duplicateKey = 11000;

/** No driver error travels above the adapter: server errors are upstream failures, the rest transient. */
function ourError(what: string, error: unknown): Error {
  const message = `MongoDB ${what} failed: ${(error as Error).message}`;
  if (error instanceof MongoServerError && !error.hasErrorLabel('RetryableWriteError')) {
    return new UpstreamError(message, 500, undefined, { cause: error, retryable: false });
  }
  return new TransientError(message, { cause: error });
}

async function translate<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw ourError(what, error);
  }
}

class MongoLeaseTermLog implements LeaseTermLog {
  constructor(
    private readonly client: MongoClient,
    private readonly terms: Collection<TermDocument>,
  ) {}

  async latest(key: string): Promise<Lease | undefined> {
    const found = await translate('read lease', () => this.terms.findOne({ key }, { sort: { term: -1 } }));
    return found ? { key: found.key, term: found.term, owner: found.owner, expiresAt: found.expiresAt } : undefined;
  }

  async insert(term: Lease): Promise<boolean> {
    try {
      await this.terms.insertOne({ _id: `${term.key}#${term.term}`, ...term });
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === duplicateKey) return false;
      throw ourError('claim lease', error);
    }
  }

  async prune(key: string, belowTerm: number): Promise<void> {
    await translate('prune lease terms', () => this.terms.deleteMany({ key, term: { $lt: belowTerm } }));
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

export interface MongoLeaseStoreOptions {
  database: string;
  /** Defaults to `sr_poller_leases`. */
  collection?: string;
}

/**
 * The MongoDB lease store. Claims are inserts under a unique `_id`, never conditional updates:
 * FerretDB does not run those atomically (README, "The Mongo token vault claims before it swaps").
 */
export async function connectMongoLeaseStore(url: string, options: MongoLeaseStoreOptions): Promise<TermLeaseStore> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  try {
    await translate('connect', () => client.connect());
    const terms = client.db(options.database).collection<TermDocument>(options.collection ?? 'sr_poller_leases');
    await translate('create lease index', () => terms.createIndex({ key: 1, term: -1 }, { name: 'key_term' }));
    return new TermLeaseStore(new MongoLeaseTermLog(client, terms));
  } catch (error) {
    await client.close();
    throw error;
  }
}
