#!/usr/bin/env node
// Assembles the dashboard's served files: src/ as is, plus the browser builds of uPlot and
// the graphql-ws client taken from node_modules (installed by `npm ci` from the lockfile).
// Nothing is fetched here and nothing is written outside --out.
//   node build.mjs --modules <node_modules dir> --out <dir>
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function option(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`build.mjs: --${name} <dir> is required`);
  return resolve(process.argv[i + 1]);
}

// [from (under node_modules), to (under vendor/)]; graphql-ws's client imports its shared
// chunk by relative path, so every chunk it names is copied beside it.
function vendorFiles(modules) {
  const files = [
    ['uplot/dist/uPlot.esm.js', 'uPlot.esm.js'],
    ['uplot/dist/uPlot.min.css', 'uPlot.min.css'],
    ['uplot/LICENSE', 'LICENSE.uplot.txt'],
    ['graphql-ws/dist/client.js', 'graphql-ws/client.js'],
    ['graphql-ws/LICENSE.md', 'LICENSE.graphql-ws.txt'],
  ];
  const client = readFileSync(join(modules, 'graphql-ws/dist/client.js'), 'utf8');
  for (const [, chunk] of client.matchAll(/from '\.\/([\w.-]+\.js)'/g)) {
    files.push([`graphql-ws/dist/${chunk}`, `graphql-ws/${chunk}`]);
  }
  return files;
}

// Every relative import in the served modules must name a file that is there.
function checkImports(out) {
  const problems = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.m?js$/.test(name)) {
        const text = readFileSync(path, 'utf8');
        for (const [, spec] of text.matchAll(/(?:import|export)[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
          if (!existsSync(resolve(dirname(path), spec))) problems.push(`${relative(out, path)} imports missing ${spec}`);
        }
      }
    }
  };
  walk(out);
  if (problems.length) throw new Error(`build.mjs: broken imports:\n  ${problems.join('\n  ')}`);
}

const modules = option('modules');
const out = option('out');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'vendor/graphql-ws'), { recursive: true });
cpSync(join(here, 'src'), out, { recursive: true });
for (const [from, to] of vendorFiles(modules)) cpSync(join(modules, from), join(out, 'vendor', to));
checkImports(out);
const versions = ['uplot', 'graphql-ws'].map((p) => `${p}@${JSON.parse(readFileSync(join(modules, p, 'package.json'))).version}`);
writeFileSync(join(out, 'vendor/VERSIONS.txt'), `${versions.join('\n')}\n`);
console.log(`dashboard: ${out} (${versions.join(', ')})`);
