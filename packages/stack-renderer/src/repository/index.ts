export * from './renderRepositoryFiles';
export * from './catalogEntities';
export * from './catalogEntityRefs';
export * from './ciVariables';
export * from './readSkyforgeYaml';
export * from './renderMakefile';
export * from './renderSkyforgeYaml';
export * from './workloadIdentityEnvFile';
