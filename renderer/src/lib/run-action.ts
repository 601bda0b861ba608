import { messageOf } from './errors.js';

/**
 * How a view runs a change: busy until the change and the refetch after it are done (so nothing acts on data the
 * change made stale), its error shown as a sentence; resolves to whether the change worked.
 */
export async function runAction(view: { busy: boolean; error: string | null }, work: () => Promise<unknown>, refresh: () => Promise<void>): Promise<boolean> {
  view.busy = true;
  view.error = null;
  try {
    await work();
    return true;
  } catch (error) {
    view.error = messageOf(error);
    return false;
  } finally {
    await refresh();
    view.busy = false;
  }
}
