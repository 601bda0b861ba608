import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { Library } from './library.js';
import { LibraryInUseError } from './writer-lock.js';

const { dir, cleanup } = makeTempDir('kindred-writer-lock-');
afterAll(() => cleanup());

describe('the writer lock', () => {
  it('records its owner while held, lets this process open its own library again, and is gone once all are closed', () => {
    const db = join(dir, 'a', 'kindred.db');
    const first = Library.open(db, { command: 'kindred scan /photos' });
    const owner = JSON.parse(readFileSync(`${db}.writer-lock.json`, 'utf8')) as { pid: number; command: string };
    expect(owner).toMatchObject({ pid: process.pid, command: 'kindred scan /photos' });
    const second = Library.open(db);
    second.close();
    expect(existsSync(`${db}.writer-lock.json`)).toBe(true);
    first.close();
    first.close();
    expect(existsSync(`${db}.writer-lock.json`)).toBe(false);
  });

  it('names the holder in the refusal a second writer gets', () => {
    const error = new LibraryInUseError('/l/kindred.db', { pid: 7, command: 'the Kindred app', since: '2026-12-04T21:00:00.000Z' });
    expect(error.message).toBe('The library /l/kindred.db is in use by the Kindred app (pid 7, since 2026-12-04T21:00:00.000Z). Wait for it to finish (or close it), then try again.');
    expect(new LibraryInUseError('/l/kindred.db', null).message).toContain('in use by another Kindred process');
  });

  it('lets a reader open a library without the lock', () => {
    const db = join(dir, 'b', 'kindred.db');
    Library.open(db).close();
    const reader = Library.open(db, { access: 'read' });
    expect(existsSync(`${db}.writer-lock.json`)).toBe(false);
    expect(reader.people.list({ includeHidden: true })).toEqual([]);
    reader.close();
  });
});
