/** Runs every benchmark in turn and prints their figures. Usage: npm run bench */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const benches = readdirSync(dir).filter((file) => file.endsWith('.ts') && file !== 'run-all.ts').sort();
for (const bench of benches) {
  console.log(`\n== ${bench}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(bench, import.meta.url))], { stdio: 'inherit' });
  if (result.status !== 0) console.log(`(${bench} exited with ${result.status})`);
}
