/**
 * The Search view's data: the chosen photo (downsized in the page, so any photo fits one call), and the library's
 * photos with the most similar faces, closest first.
 */
import type { KindredClient } from '../../../app/api/contract/kindred-client.js';
import type { FaceSearchResultDto } from '../../../app/api/contract/people-contract.js';
import { messageOf } from '../lib/errors.js';

/** Longest edge of the image sent: plenty for the detector, small enough for any transport. */
const MAX_EDGE = 1024;
const RESULTS = 48;

export class SearchState {
  result = $state<FaceSearchResultDto | null>(null);
  queryUrl = $state<string | null>(null);
  queryName = $state<string | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly client: KindredClient) {}

  async searchFile(file: File): Promise<void> {
    this.busy = true;
    this.error = null;
    this.result = null;
    this.queryName = file.name;
    try {
      const jpeg = await downsize(file);
      if (this.queryUrl) URL.revokeObjectURL(this.queryUrl);
      this.queryUrl = URL.createObjectURL(jpeg);
      this.result = await this.client.invoke('search.byFace', { image: await toBase64(jpeg), k: RESULTS });
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  /** Searches for a face the library already has (e.g. from a result, "more like this"). */
  async searchFace(photoId: number, faceId: number): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      this.result = await this.client.invoke('search.byFace', { photoId, faceId, k: RESULTS });
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.busy = false;
    }
  }
}

async function downsize(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file).catch(() => {
    throw new Error(`${file.name} is not an image this browser can read`);
  });
  const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
  const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
