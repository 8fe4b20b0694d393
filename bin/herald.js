#!/usr/bin/env node
import { main } from '../dist/src/main.js';

const code = await main(process.argv.slice(2), process.env);
process.exitCode = code;
// A `serve` that failed part of the way through may leave connections open (database, Redis);
// they must not keep a process that has given up alive. Output is flushed long before this fires.
if (code !== 0) setTimeout(() => process.exit(code), 2000).unref();
