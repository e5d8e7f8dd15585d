#!/usr/bin/env node
'use strict';
// Runs the command explicitly: `npx epix` reaches this file through a symlink (node_modules/.bin/epix),
// so the compiled module cannot tell from process.argv that it is the entry point.
const { run } = require('../dist/src/cli/main.js');

void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
