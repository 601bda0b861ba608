import { getConfig } from 'app-builder-lib/out/util/config/load.js';
import type { Configuration } from 'app-builder-lib';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../app/shared/paths.js';

describe('packaging config: Electron fuses (Electron mocked: binary not available here)', () => {
  it('electron-builder.yml, read as electron-builder reads it, flips every fuse that locks the binary down', async () => {
    const config = await getConfig<Configuration>({ packageKey: 'build', configFilename: 'electron-builder', projectDir: projectRoot, packageMetadata: null });
    expect(config?.configFile).toMatch(/electron-builder\.yml$/);
    const fuses = config!.result.electronFuses;
    expect(fuses).toBeTruthy();
    expect(fuses!.runAsNode).toBe(false);
    expect(fuses!.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses!.enableNodeCliInspectArguments).toBe(false);
    expect(fuses!.enableCookieEncryption).toBe(true);
    expect(fuses!.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(fuses!.onlyLoadAppFromAsar).toBe(true);
    expect(fuses!.grantFileProtocolExtraPrivileges).toBe(false);
  });
});
