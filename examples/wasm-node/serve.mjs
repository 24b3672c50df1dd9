#!/usr/bin/env node
// Serve this folder (and kernel modules given as arguments) for index.html,
// cross-origin isolated (COOP/COEP headers), which browsers require for
// shared WebAssembly memories:
//
//   node serve.mjs [--port=8080] [--root=DIR] [MODULE.wasm|.wgsl ...]
//   open http://127.0.0.1:8080/index.html?module=/MODULE.wasm
//
// --root=DIR serves DIR and the folders under it instead of this folder
// (examples/webgpu-browser serves examples/ with it: its page imports
// ../wasm-node/args.mjs).
//
// A page's result POSTed to /report (index.html's `&report=/report`) is
// printed as one line, `REPORT <json>`, which is how tests read what a
// browser computed. --port=0 takes a free port; the first line printed is
// the page's address either way.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const port = Number(process.argv.find((a) => a.startsWith('--port='))?.slice(7) ?? 8080);
const root = process.argv.find((a) => a.startsWith('--root='))?.slice(7);
const modules = new Map(process.argv.slice(2).filter((a) => /\.(wasm|wgsl)$/.test(a)).map((p) => [`/${basename(p)}`, p]));
const TYPES = { '.html': 'text/html', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.wgsl': 'text/plain' };

/** The file of `path` under --root (`null` outside it). */
function underRoot(path) {
  const dir = resolve(root);
  const file = join(dir, path === '/' ? '/index.html' : path);
  return file.startsWith(dir + sep) ? file : null;
}

async function report(req, res) {
  let body = '';
  for await (const chunk of req) body += chunk;
  console.log(`REPORT ${body.replace(/\n/g, ' ')}`);
  res.writeHead(204).end();
}

// Launches put their arguments in the query: allow long URLs.
const server = createServer({ maxHeaderSize: 1 << 20 }, async (req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (req.method === 'POST' && path === '/report') return report(req, res);
  const file = modules.get(path) ?? (root ? underRoot(path) : join(here, basename(path === '/' ? 'index.html' : path)));
  try {
    if (!file) throw new Error('outside the root');
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
server.listen(port, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}/index.html`));
