// Executable entry of `pvemon-rules` (the tsup CLI entry; logic lives in cli.ts).
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
