import type { CommandIO } from './command.js';
import type { ModelManifest } from '../export/model-manifest.js';

/**
 * Records a training run in the database's run registry. The database layer (lib/db) provides the
 * registry; until it does, this says so and fails.
 */
export async function registerTrainingRun(
  _dir: string,
  _manifest: ModelManifest,
  _databaseUrl: string | undefined,
  io: CommandIO,
): Promise<void> {
  io.err('sizefit train: --register needs the run registry of lib/db');
  throw new Error('run registry not available');
}
