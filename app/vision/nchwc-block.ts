/**
 * The channel block of ONNX Runtime's NCHWc CPU kernels on this machine: 16 floats with AVX-512, 8 on other x64
 * CPUs, none elsewhere (ARM builds have no NCHWc kernels). Node does not expose CPU features, so they are read where
 * the OS publishes them without native code: /proc/cpuinfo on Linux, sysctl on macOS; elsewhere (Windows) an x64 CPU
 * is taken as AVX2, which costs an AVX-512 machine the larger gain but never makes a model slower.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Does the CPU have AVX-512F? null when the OS does not say. */
export type Avx512Probe = () => boolean | null;

/** Reads the AVX-512F flag from /proc/cpuinfo (Linux) or `sysctl hw.optional.avx512f` (macOS). */
export const probeAvx512: Avx512Probe = () => {
  try {
    if (process.platform === 'linux') return hasAvx512Flag(readFileSync('/proc/cpuinfo', 'utf8'));
    if (process.platform === 'darwin') return execFileSync('sysctl', ['-n', 'hw.optional.avx512f'], { encoding: 'utf8', timeout: 2000 }).trim() === '1';
  } catch {
    // No such file or key (a restricted sandbox, Apple silicon): unknown.
  }
  return null;
};

/** True when a /proc/cpuinfo text lists the avx512f flag. */
export function hasAvx512Flag(cpuinfo: string): boolean {
  return /^flags\s*:.*\bavx512f\b/m.test(cpuinfo);
}

/** The NCHWc block (16 or 8), or 0 where ONNX Runtime has no NCHWc kernels. */
export function nchwcBlock(arch: string = process.arch, probe: Avx512Probe = probeAvx512): number {
  if (arch !== 'x64') return 0;
  return probe() === true ? 16 : 8;
}
