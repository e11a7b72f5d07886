export * from './read-store.port';
export { SqliteReadStore } from './embedded/sqlite-read-store';
export { MongoReadStore } from './mongo/mongo-read-store';
