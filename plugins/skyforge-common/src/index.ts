/**
 * Annotations, API types and permissions shared by Skyforge's frontend and backend.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './costTypes';
export * from './healthTypes';
