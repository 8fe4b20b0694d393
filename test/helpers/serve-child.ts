// Runs `herald serve` from source in a child process (crash and restart tests).
import { main } from '../../src/main.js';

process.exitCode = await main(['serve'], process.env);
