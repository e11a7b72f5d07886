export * from './bus.contract';
export * from './bus-factory';
