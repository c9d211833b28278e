/**
 * The Skyforge backend plugin: cost ingestion (FOCUS, OpenCost, and sources added through
 * `@skyforge/plugin-skyforge-node`) and the cost REST API.
 *
 * @packageDocumentation
 */
export { skyforgePlugin as default } from './plugin';
