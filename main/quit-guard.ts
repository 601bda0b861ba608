/**
 * Graceful quit: the first quit request is held while the core pauses its job and closes the library, then the
 * quit goes through; a quit during that wait is not held again.
 */
export function createQuitGuard(shutdown: () => Promise<void>, quit: () => void): (event: { preventDefault(): void }) => void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  return (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    void shutdown()
      .catch(() => undefined)
      .finally(() => {
        state = 'stopped';
        quit();
      });
  };
}
