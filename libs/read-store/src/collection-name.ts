import { ValidationError } from '@srw/errors';

/** Collection names become table and collection names, so they are kept to plain identifiers. */
export function checkCollectionName(name: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new ValidationError('collection spec', [{ path: 'name', message: `${JSON.stringify(name)} is not a plain identifier` }]);
  }
}
