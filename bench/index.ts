// `npm run bench -- <name>`: nubo's benchmarks, each printing its figures beside the limits measured in the same run.
import { benchCompute } from './compute.js';
import { benchGate } from './gate.js';
import { benchIdentity } from './identity.js';
import { benchImage } from './image.js';
import { benchInstances } from './instances.js';

const benches: Record<string, () => Promise<void>> = {
  compute: benchCompute,
  identity: benchIdentity,
  image: benchImage,
  gate: benchGate,
  instances: benchInstances,
};
const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (names.length === 0 || names.some((n) => !(n in benches))) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> (BENCH_SECS, BENCH_CONC tune it)`);
  process.exit(2);
}
for (const name of names) await benches[name]!();
