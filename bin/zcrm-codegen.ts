#!/usr/bin/env node
/** The `zcrm-codegen` executable: compiled to dist/bin/zcrm-codegen.js, plain Node at run time (no tsx). */
import { main } from '../generator/cli.ts';

process.exitCode = await main(process.argv.slice(2));
