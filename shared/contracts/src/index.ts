export * from './topics';
export * from './event-id';
export * from './common';
export * from './raw-mention';
export * from './classified-mention';
export * from './alert';
export * from './brand-config';
export * from './json-schemas';
