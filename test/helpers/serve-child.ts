// Runs `herald serve [args…]` from source in a child process (crash, restart and cluster tests),
// exiting as bin/herald.js does.
import { main } from '../../src/main.js';

const code = await main(['serve', ...process.argv.slice(2)], process.env);
process.exitCode = code;
if (code !== 0) setTimeout(() => process.exit(code), 2000).unref();
