#!/usr/bin/env node
// Runs the TypeScript command line without a build step.
require("tsx/cjs");
const { main } = require("../cli.ts");
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
