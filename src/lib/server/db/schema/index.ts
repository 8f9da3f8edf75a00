export * from './files.js';
export * from './organisations.js';
export * from './users.js';
export * from './sessions.js';
export * from './throttle.js';
export * from './audit.js';
export * from './applications.js';
export * from './certificates.js';
