/**
 * What a process composing several services (apps/all-in-one) may use of invite-dispatcher: the
 * factory, the candidate contacts it reads and the ports it takes. Everything else stays inside the app.
 */
export { createInviteDispatcher, type InviteDispatcher, type InviteDispatcherOptions } from './invite-dispatcher';
export { eventStoreCandidateContacts, type CandidateKeys } from './candidate-contacts';
export type { CandidateContact, CandidateContacts, Clock, InviteDispatcherPorts, WilloInviter } from './ports';
/** Its service definition as `main.ts` runs it: apps/all-in-one checks that no two services' relays publish one category. */
export { inviteDispatcherService } from './invite-dispatcher';
