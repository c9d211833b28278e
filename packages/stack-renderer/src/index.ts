export * from './hcl/hcl';
export * from './spec/regions';
export * from './spec/presets';
export * from './spec/profiles';
export * from './spec/stackSpec';
export * from './spec/resolveEnvironment';
export * from './tags';
export * from './types';
