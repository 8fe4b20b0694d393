export { createHerald, type HeraldClient, type HeraldOptions } from './client.js';
export { HeraldApiError } from './errors.js';
export { parseStartParam, readTelegramChatId, readTelegramDeepLink, readTelegramStartParam, type StartParam, type StartRoute } from './deep-link.js';
export type { TokenSource } from './http.js';
export type * from './types.js';
export { loadAllMessages, mergeMessages } from './message-list.js';
export { type ClientLease, acquireClient } from './shared-clients.js';
