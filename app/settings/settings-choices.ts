/**
 * The fixed choices a settings screen offers (the model choices come from the model manifest), without the schema: the renderer imports these and stays free of zod
 * (whose fast path probes `new Function`, which the renderer's CSP forbids). Browser-safe.
 */

/** Inference hardware: auto picks the best accelerator the platform has, falling back to the CPU. */
export const EXECUTION_PROVIDER_CHOICES = ['auto', 'cpu', 'cuda', 'dml', 'coreml'] as const;
/** Where names are written back to: nowhere, `.xmp` sidecars beside the photos, or the photo files themselves. */
export const WRITE_BACK_CHOICES = ['off', 'sidecar', 'embed'] as const;

export type ExecutionProviderChoice = (typeof EXECUTION_PROVIDER_CHOICES)[number];
