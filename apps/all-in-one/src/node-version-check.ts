/**
 * `npm start` runs on the Node 24 the project brings (the `node` package, first on npm scripts' PATH).
 * Started with another Node (`node apps/...` on an older system Node), it stops at once and says why,
 * instead of failing later on an API the older Node lacks. The install's engine warnings are silenced
 * by `.npmrc` for that reason: this is where the engine is really checked.
 */
const requiredMajor = 24;
const major = Number(process.versions.node.split('.')[0]);
if (major < requiredMajor) {
  process.stderr.write(`Node ${process.versions.node} is too old: run it with npm start (Node ${requiredMajor} from node_modules/.bin), or npx node.\n`);
  process.exit(1);
}
export {};
