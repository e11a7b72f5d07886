/**
 * What a process composing several services (apps/all-in-one) may use of response-writeback: the
 * factory and the ports it takes. Everything else stays inside the app.
 */
export { createResponseWriteback, type ResponseWriteback, type ResponseWritebackOptions } from './response-writeback';
export type { Clock, ResponseWritebackPorts, SrNotes, WilloReader } from './ports';
/** Its service definition as `main.ts` runs it: apps/all-in-one checks that no two services' relays publish one category. */
export { responseWritebackService } from './response-writeback.service';
