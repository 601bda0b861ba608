import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, parse } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { FolderBrowseError, listFolder } from './folder-browser.js';

let temp: { dir: string; cleanup(): void };
beforeAll(() => {
  temp = makeTempDir('kindred-browse-');
  for (const name of ['Holidays', 'family 2', 'family 10', '.cache']) mkdirSync(join(temp.dir, name));
  writeFileSync(join(temp.dir, 'photo.jpg'), 'not really a photo');
  symlinkSync(join(temp.dir, 'Holidays'), join(temp.dir, 'Linked holidays'));
  symlinkSync(join(temp.dir, 'photo.jpg'), join(temp.dir, 'linked-photo.jpg'));
  symlinkSync(join(temp.dir, 'gone'), join(temp.dir, 'dangling'));
});
afterAll(() => temp.cleanup());

async function refusal(promise: Promise<unknown>): Promise<FolderBrowseError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(FolderBrowseError);
  return error as FolderBrowseError;
}

describe('folder browser', () => {
  it('lists only folders (and links to folders), by name in natural order, hidden ones on request', async () => {
    const listing = await listFolder(temp.dir);
    expect(listing.folders.map((f) => f.name)).toEqual(['family 2', 'family 10', 'Holidays', 'Linked holidays']);
    expect(listing.folders[0]!.path).toBe(join(temp.dir, 'family 2'));
    expect(listing.parent).toBe(parse(temp.dir).dir);
    expect(listing.truncated).toBe(false);
    expect((await listFolder(temp.dir, { showHidden: true })).folders.map((f) => f.name)).toContain('.cache');
  });

  it('starts at the home folder', async () => {
    const listing = await listFolder();
    expect(listing.path).toBe(homedir());
    expect(listing.home).toBe(homedir());
  });

  it('never climbs above the root: `..` resolves away and the root has no parent', async () => {
    const root = parse(temp.dir).root;
    expect((await listFolder(root)).parent).toBeNull();
    const above = await listFolder(join(root, '..', '..', '..'));
    expect(above.path).toBe(root);
    expect(above.parent).toBeNull();
    expect((await listFolder(join(temp.dir, 'Holidays', '..'))).path).toBe(temp.dir);
  });

  it('refuses files, missing paths and relative paths with clear errors', async () => {
    const file = await refusal(listFolder(join(temp.dir, 'photo.jpg')));
    expect(file.reason).toBe('not_a_folder');
    expect(file.message).toMatch(/Not a folder/);
    expect((await refusal(listFolder(join(temp.dir, 'linked-photo.jpg')))).reason).toBe('not_a_folder');
    const missing = await refusal(listFolder(join(temp.dir, 'nowhere')));
    expect(missing.reason).toBe('not_found');
    expect(missing.message).toContain(join(temp.dir, 'nowhere'));
    expect((await refusal(listFolder(join(temp.dir, 'dangling')))).reason).toBe('not_found');
    expect((await refusal(listFolder('Pictures/../..'))).reason).toBe('not_absolute');
  });
});
