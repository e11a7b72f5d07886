export { openEmbeddedEventStore } from './embedded-event-store';
export { openEmbeddedPii } from './embedded-pii';
