export { createSessionCache, sessionFailure, type DeviceFailure, type SessionCache, type SessionCacheOptions } from './session-cache.js';
