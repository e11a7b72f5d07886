/**
 * The analysts' audit command (`npm run audit -- trail|replay|export …`): the composition root of
 * `@srw/audit`, which holds the logic. Stores come from the services' own settings (DATA_DIR,
 * ESDB_URL, MONGODB_URL, MONGODB_DATABASE); the README's "Audit" section shows each command.
 */
import { runAudit } from '@srw/audit';

process.exitCode = await runAudit(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr });
