export { renderAzureTerraform } from './renderAzureTerraform';
