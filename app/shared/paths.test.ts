import { join } from 'node:path';
import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultDatabasePath, userDataDir } from './paths.js';

describe('user-data folder (shared with the Electron app)', () => {
  it('follows each platform\'s convention, like app.getPath("userData")', () => {
    expect(userDataDir({}, 'linux')).toBe(join(homedir(), '.config', 'Kindred'));
    expect(userDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/Kindred');
    expect(userDataDir({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'Kindred'));
    expect(userDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\a\\AppData\\Roaming', 'Kindred'));
  });
  it('KINDRED_DB overrides the default database', () => {
    expect(defaultDatabasePath({ KINDRED_DB: '/tmp/k.db' })).toBe('/tmp/k.db');
    expect(defaultDatabasePath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/Kindred/kindred.db');
  });
});
