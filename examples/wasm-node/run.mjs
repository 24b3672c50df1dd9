#!/usr/bin/env node
// Run one kernel of a cuwasm kernel module in Node.js:
//
//   node run.mjs MODULE.wasm --list
//   node run.mjs MODULE.wasm KERNEL GRID BLOCK [--shared=BYTES] [--repeat=N] [--read=VAR:TYPE] ARG...
//
// GRID and BLOCK are "x", "x,y" or "x,y,z"; ARGs as args.mjs describes
// (`i32:5`, `f32[]:1,2,3`, `f32[64]`, ...). The kernel's printf output goes
// to stdout and stderr as it happens; the last line of stdout is the result
// as JSON: every buffer argument's contents after the launch(es), or the
// kernel's error (then the exit status is 1), and the device variables
// --read names (`--read=kernels.counter:u32`).

import { readFileSync } from 'node:fs';
import { runKernel } from './args.mjs';
import { loadKernelModule } from './loader.mjs';

const usage =
  'usage: node run.mjs MODULE.wasm (--list | KERNEL GRID BLOCK [--shared=BYTES] [--repeat=N] [--read=VAR:TYPE] ARG...)';

async function main(argv) {
  const options = { readFile: (path) => readFileSync(path, 'utf8'), read: [] };
  const positional = [];
  for (const a of argv) {
    const flag = /^--(shared|repeat)=(\d+)$/.exec(a);
    const read = /^--read=(.+):(\w+)$/.exec(a);
    if (flag) options[flag[1] === 'shared' ? 'dynamicSharedBytes' : 'repeat'] = Number(flag[2]);
    else if (read) options.read.push([read[1], read[2]]);
    else positional.push(a);
  }
  const [file, kernel, grid, block, ...args] = positional;
  if (!file || (!kernel && !argv.includes('--list'))) throw new Error(usage);
  const module = await loadKernelModule(readFileSync(file));
  if (argv.includes('--list')) {
    console.log(JSON.stringify({ kernels: [...module.kernels.values()], variables: Object.fromEntries(module.variables) }));
    return 0;
  }
  if (!grid || !block) throw new Error(usage);
  const result = runKernel(module, kernel, grid, block, args, options);
  console.log(JSON.stringify(result));
  return result.error ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (e) => {
    console.error(`error: ${e.message}`);
    process.exitCode = 2;
  },
);
