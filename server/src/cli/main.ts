import { Command } from 'commander';
import { demoCommand } from './demo.command.js';
import { exportCommand } from './export.command.js';
import { graphqlSchemaCommand } from './graphql-schema.command.js';
import { importCommand } from './import.command.js';
import { schemaCommand } from './schema.command.js';
import { validateCommand } from './validate.command.js';

const program = new Command('procedo')
  .description('Procedo: procedures as data. Validate, import and export definitions.')
  .showHelpAfterError();

program
  .command('validate')
  .description('check a definitions directory and print every problem with its file and pointer')
  .argument('[dir]', 'definitions directory (default: PROCEDO_DEFINITIONS_DIR or ./definitions)')
  .action(async (dir?: string) => {
    process.exitCode = await validateCommand(dir);
  });

program
  .command('import')
  .description('store definitions in the database as new published versions where they changed')
  .argument('[dir]', 'definitions directory')
  .action(async (dir?: string) => {
    process.exitCode = await importCommand(dir);
  });

program
  .command('export')
  .description('write the published definitions from the database to a directory')
  .argument('[dir]', 'target directory')
  .action(async (dir?: string) => {
    process.exitCode = await exportCommand(dir);
  });

program
  .command('schema')
  .description('write the definition format as JSON Schema to definitions/schema (or check it with --check)')
  .option('--check', 'exit non-zero if the committed schema files differ from the format')
  .action(async (options: { check?: boolean }) => {
    process.exitCode = await schemaCommand(options.check ?? false);
  });

program
  .command('graphql-schema')
  .description('write the GraphQL schema of the shipped definitions to schema.graphql (or check it with --check)')
  .option('--check', 'exit non-zero if schema.graphql differs from what the definitions generate')
  .action(async (options: { check?: boolean }) => {
    process.exitCode = await graphqlSchemaCommand(options.check ?? false);
  });

program
  .command('demo')
  .description('create one demo user per department and role (password demo-<username>); run `procedo import` first')
  .action(async () => {
    process.exitCode = await demoCommand();
  });

await program.parseAsync();
