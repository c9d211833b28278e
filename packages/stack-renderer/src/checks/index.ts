export * from './types';
export * from './parseTerraformFiles';
export * from './loadProviderSchema';
export * from './checkAgainstProviderSchema';
export * from './checkModuleWiring';
export * from './runTerraformRules';
export * from './checkRenderedTerraform';
export { TERRAFORM_RULES } from './rules/terraformRules';
