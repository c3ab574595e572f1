// Assembles GraphiQL into one self-contained index.html (React, ReactDOM, GraphiQL and its
// CSS inlined), because the service serves only that file at GET /graphql; no request leaves
// the browser for the internet. Usage: node build.mjs --modules <node_modules> --out <dir>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing ${name}`);
  return process.argv[i + 1];
};
const modules = arg('--modules');
const out = arg('--out');
const here = dirname(fileURLToPath(import.meta.url));

// Inline text must not close its element early.
const script = (file) => `<script>${readFileSync(join(modules, file), 'utf8').replaceAll('</script', '<\\/script')}</script>`;
const style = (file) => `<style>${readFileSync(join(modules, file), 'utf8').replaceAll('</style', '<\\/style')}</style>`;

const parts = {
  'graphiql.min.css': style('graphiql/graphiql.min.css'),
  'react.production.min.js': script('react/umd/react.production.min.js'),
  'react-dom.production.min.js': script('react-dom/umd/react-dom.production.min.js'),
  'graphiql.min.js': script('graphiql/graphiql.min.js'),
};
let html = readFileSync(join(here, 'index.template.html'), 'utf8');
for (const [name, content] of Object.entries(parts)) {
  const marker = `<!-- ${name} -->`;
  if (!html.includes(marker)) throw new Error(`index.template.html lacks ${marker}`);
  html = html.replace(marker, () => content);
}
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'index.html'), html);
console.log(`graphiql: wrote ${join(out, 'index.html')} (${(html.length / 1e6).toFixed(1)} MB)`);
