// @nubo/core: what every service stands on.

export * from './bus/bus.js';
export * from './bus/in-process-bus.js';
export * from './clock.js';
export * from './config/config.js';
export * from './db/database.js';
export * from './db/migrations.js';
export * from './db/portable.js';
export * from './db/write-transaction.js';
export * from './errors.js';
export * from './http/app.js';
export * from './http/auth-context.js';
export * from './http/microversion.js';
export * from './http/service.js';
export * from './ids.js';
export * from './logger.js';
export * from './policy/index.js';
export * from './service.js';
