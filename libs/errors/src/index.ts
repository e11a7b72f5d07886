export * from './app-error';
export * from './validation-error';
