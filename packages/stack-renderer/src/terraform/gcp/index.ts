export { renderGcpTerraform } from './renderGcpTerraform';
