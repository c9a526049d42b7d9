// @nubo/cli: the composition root, for tests and embedding.
export { type RunningCloud, startCloud } from './cloud.js';
export { cloudEntries, writeCloudsYaml } from './clouds-yaml.js';
