export * from './bus.contract';
export * from './bus-factory';
export * from './kafka-groups-at-end';
