/**
 * Which ONNX Runtime execution providers to try, in order, for a user setting. Pure: the platform and the list of
 * providers the installed ORT build knows are passed in.
 */

/** The user's choice of inference hardware. */
export type ExecutionProviderSetting = 'auto' | 'cpu' | 'cuda' | 'dml' | 'coreml';

/** A concrete ORT execution provider (onnxruntime-node names). */
export type ExecutionProviderName = 'cpu' | 'cuda' | 'dml' | 'coreml';

/** All settings, for validating user input. */
export const EXECUTION_PROVIDER_SETTINGS: readonly ExecutionProviderSetting[] = ['auto', 'cpu', 'cuda', 'dml', 'coreml'];

/** Accelerators worth trying per platform, best first (ORT ships CUDA for Linux/Windows, DirectML for Windows, CoreML for macOS). */
const PLATFORM_ACCELERATORS: Partial<Record<NodeJS.Platform, ExecutionProviderName[]>> = {
  linux: ['cuda'],
  win32: ['cuda', 'dml'],
  darwin: ['coreml'],
};

/**
 * Providers to try in order; the last is always 'cpu'. For 'auto', only the platform's accelerators that this ORT
 * build lists (`ort.listSupportedBackends()`) are tried; an explicit choice is always tried so that its failure
 * reason can be shown.
 */
export function providerCandidates(
  setting: ExecutionProviderSetting,
  platform: NodeJS.Platform,
  availableBackends: readonly string[],
): ExecutionProviderName[] {
  switch (setting) {
    case 'cpu':
      return ['cpu'];
    case 'cuda':
    case 'dml':
    case 'coreml':
      return [setting, 'cpu'];
    case 'auto':
      return [...(PLATFORM_ACCELERATORS[platform] ?? []).filter((p) => availableBackends.includes(p)), 'cpu'];
  }
}

/** Parses a setting from user input (CLI flag, settings file). */
export function parseExecutionProviderSetting(value: string): ExecutionProviderSetting {
  const found = EXECUTION_PROVIDER_SETTINGS.find((s) => s === value.toLowerCase());
  if (!found) throw new Error(`unknown execution provider "${value}"; use one of ${EXECUTION_PROVIDER_SETTINGS.join(', ')}`);
  return found;
}
