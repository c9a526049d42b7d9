// @nubo/cli: the composition root, for tests and embedding.
export { startCloud, type RunningCloud } from './cloud.js';
export { cloudEntries, writeCloudsYaml } from './clouds-yaml.js';
