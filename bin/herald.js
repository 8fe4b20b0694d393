#!/usr/bin/env node
import { main } from '../dist/src/main.js';

const code = await main(process.argv.slice(2), process.env, { isTTY: Boolean(process.stdout.isTTY) });
// A failed start may leave timers or sockets behind; the sentence is printed, so leave now.
if (code !== 0) process.exit(code);
process.exitCode = code;
