#!/usr/bin/env node
// The `kindred` command: runs the compiled CLI, or the TypeScript sources through tsx in a development checkout.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/app/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../app/cli/main.ts', import.meta.url).href);
}
