import { describe, expect, it } from 'vitest';
import { parseExecutionProviderSetting, providerCandidates } from './execution-provider.js';

describe('providerCandidates', () => {
  it('auto tries the platform accelerators this ORT build lists, then CPU', () => {
    expect(providerCandidates('auto', 'linux', ['cpu', 'webgpu', 'cuda'])).toEqual(['cuda', 'cpu']);
    expect(providerCandidates('auto', 'linux', ['cpu'])).toEqual(['cpu']);
    expect(providerCandidates('auto', 'win32', ['cpu', 'dml', 'cuda'])).toEqual(['cuda', 'dml', 'cpu']);
    expect(providerCandidates('auto', 'win32', ['cpu', 'dml'])).toEqual(['dml', 'cpu']);
    expect(providerCandidates('auto', 'darwin', ['cpu', 'coreml'])).toEqual(['coreml', 'cpu']);
    expect(providerCandidates('auto', 'freebsd', ['cpu', 'cuda'])).toEqual(['cpu']);
  });

  it('an explicit choice is always tried before the CPU fallback', () => {
    expect(providerCandidates('dml', 'linux', ['cpu'])).toEqual(['dml', 'cpu']);
    expect(providerCandidates('cpu', 'win32', ['cpu', 'dml'])).toEqual(['cpu']);
  });

  it('parses settings case-insensitively and refuses unknown ones', () => {
    expect(parseExecutionProviderSetting('CUDA')).toBe('cuda');
    expect(() => parseExecutionProviderSetting('tpu')).toThrow(/auto, cpu, cuda, dml, coreml/);
  });
});
