import { describe, expect, it } from 'vitest';
import { hasAvx512Flag, nchwcBlock } from './nchwc-block.js';

describe('nchwcBlock', () => {
  it('is 16 on x64 with AVX-512, 8 on other or unknown x64, 0 on ARM', () => {
    expect(nchwcBlock('x64', () => true)).toBe(16);
    expect(nchwcBlock('x64', () => false)).toBe(8);
    expect(nchwcBlock('x64', () => null)).toBe(8);
    expect(nchwcBlock('arm64', () => true)).toBe(0);
  });

  it('reads avx512f from the flags line of /proc/cpuinfo, not from other AVX-512 extensions alone', () => {
    expect(hasAvx512Flag('processor\t: 0\nflags\t\t: fpu sse avx2 avx512f avx512dq\n')).toBe(true);
    expect(hasAvx512Flag('processor\t: 0\nflags\t\t: fpu sse avx2 avx512_vnni\n')).toBe(false);
    expect(hasAvx512Flag('processor\t: 0\nflags\t\t: fpu sse avx2\nbugs\t\t: avx512f\n')).toBe(false);
  });
});
