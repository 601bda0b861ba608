#!/usr/bin/env node
// Prints which app/ folders import which (non-test sources), with a count of import lines, and the folder cycles.
// Usage: node tools/folder-graph.mjs [repo-dir] [-v]   (e.g. a `git worktree` of an older commit, to compare)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const repo = resolve(process.argv.slice(2).find((a) => !a.startsWith('-')) ?? '.');
const verbose = process.argv.includes('-v');
const files = execFileSync('git', ['ls-files', 'app/**/*.ts', 'main/*.ts', 'main/*.cts', 'renderer/src/**/*.ts', 'renderer/src/**/*.svelte'], { cwd: repo, encoding: 'utf8' })
  .trim()
  .split('\n')
  .filter((f) => !/\.test\.ts$|(^|\/)testing\//.test(f));

/** app/<folder>, or app/api/<part> for the api's parts; main and renderer as a whole. */
function folderOf(file) {
  const p = file.split('/');
  if (p[0] !== 'app') return p[0];
  if (p.length === 2) return 'app';
  return p[1] === 'api' && p.length > 3 ? `api/${p[2]}` : p[1];
}

const edges = new Map();
for (const file of files) {
  const source = readFileSync(join(repo, file), 'utf8');
  for (const m of source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = relative(repo, resolve(repo, dirname(file), m[1]));
    const [a, b] = [folderOf(file), folderOf(target)];
    if (a === b) continue;
    const key = `${a} -> ${b}`;
    edges.set(key, [...(edges.get(key) ?? []), `${file} → ${target}`]);
  }
}
for (const [key, lines] of [...edges].sort()) console.log(`${key.padEnd(30)} ${lines.length}${verbose ? `\n    ${lines.join('\n    ')}` : ''}`);

const both = [...edges.keys()].filter((k) => edges.has(k.split(' -> ').reverse().join(' -> ')));
console.log(both.length ? `\nfolders importing each other: ${both.filter((k) => k.split(' -> ')[0] < k.split(' -> ')[1]).join('; ')}` : '\nno two folders import each other');
