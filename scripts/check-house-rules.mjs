#!/usr/bin/env node
// Checks the house rules of HACKING.md that Biome cannot: NB003–NB007. Prints each breach as file:line and exits 1.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.ts')) files.push(path);
  }
};
walk(join(root, 'packages'));

const breaches = [];
const policyNames = new Set();
const enforced = [];
for (const file of files) {
  const rel = relative(root, file);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const isTest = rel.endsWith('.test.ts') || rel.includes('/test/');
  if (lines.length > 600) breaches.push(`${rel}: NB007 ${lines.length} lines (limit 600): split it by responsibility`);
  lines.forEach((line, i) => {
    const at = `${rel}:${i + 1}`;
    if (/process\.env/.test(line) && !isTest && !rel.startsWith('packages/core/') && !rel.startsWith('packages/cli/')) {
      breaches.push(`${at}: NB003 process.env outside @nubo/core and the CLI: add a config field instead`);
    }
    if (
      /\/src\/api\//.test(rel) &&
      !isTest &&
      (/from 'kysely'/.test(line) || /\.(selectFrom|insertInto|updateTable|deleteFrom)\(/.test(line))
    ) {
      breaches.push(`${at}: NB005 SQL in a handler: move it to src/db/`);
    }
    if (isTest && (/\b(it|test|describe)\.skip\(/.test(line) || /skip:\s*true/.test(line))) {
      breaches.push(`${at}: NB006 a skip without a written reason: use { skip: 'why' }`);
    }
    const rule = /name:\s*'([a-z_]+:[a-z_:]+)'/.exec(line);
    if (rule && /\/src\/policies\//.test(rel)) policyNames.add(rule[1]);
    for (const m of line.matchAll(/enforce\([^)]*?'([a-z_]+:[a-z_]+)'/g))
      if (!isTest) enforced.push({ at, name: m[1] });
  });
}
for (const { at, name } of enforced) {
  if (policyNames.size > 0 && !policyNames.has(name))
    breaches.push(`${at}: NB004 policy rule '${name}' is not defined in any src/policies/`);
}
for (const b of breaches) console.error(b);
if (breaches.length > 0) process.exit(1);
console.log(`house rules: ${files.length} files checked, ${policyNames.size} policy rules known, no breach`);
