import { Command } from 'commander';
import { registerDetectCommand } from './commands/detect-command.js';
import { registerEvalCommand } from './commands/eval-command.js';
import { registerExportRegionsCommand } from './commands/export-regions-command.js';
import { registerModelsCommand } from './commands/models-command.js';
import { registerPeopleCommand } from './commands/people-command.js';
import { registerPhotosCommand } from './commands/photos-command.js';
import { registerScanCommand } from './commands/scan-command.js';
import { registerSearchCommand } from './commands/search-command.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerTrainCommands } from './commands/train-command.js';
import { registerVerifyCommand } from './commands/verify-command.js';

/** The `kindred` command line: every command works on one library database. */
export function buildProgram(): Command {
  const program = new Command('kindred')
    .description('Kindred: find the people in your photos, offline.')
    .option('--db <path>', 'library database (default: $KINDRED_DB, else the app\'s user-data folder)')
    .showHelpAfterError();
  registerScanCommand(program);
  registerModelsCommand(program);
  registerDetectCommand(program);
  registerVerifyCommand(program);
  registerEvalCommand(program);
  registerPeopleCommand(program);
  registerPhotosCommand(program);
  registerSearchCommand(program);
  registerTrainCommands(program);
  registerExportRegionsCommand(program);
  registerServeCommand(program);
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    console.error(`kindred: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
