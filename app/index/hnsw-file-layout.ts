import { open } from 'node:fs/promises';

/**
 * The fixed header hnswlib (0.8, vendored by hnswlib-node 3) writes at the start of an index file, read in JS so a
 * damaged file is refused before the native loader trusts its sizes (it allocates capacity × element size up front
 * and does not check that the numbers are sane). Little-endian, size_t = 8 bytes, as on every platform Kindred ships.
 */
export interface HnswFileHeader {
  offsetLevel0: number;
  maxElements: number;
  elementCount: number;
  sizeDataPerElement: number;
  labelOffset: number;
  offsetData: number;
  maxLevel: number;
  enterPoint: number;
  maxM: number;
  maxM0: number;
  m: number;
  mult: number;
  efConstruction: number;
}

/** Bytes of the fixed header: 11 size_t / int fields, an int, an unsigned int and a double. */
export const HNSW_FILE_HEADER_BYTES = 96;

export function parseHnswFileHeader(bytes: Uint8Array): HnswFileHeader {
  if (bytes.byteLength < HNSW_FILE_HEADER_BYTES) throw new Error(`index file shorter than its ${HNSW_FILE_HEADER_BYTES}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, HNSW_FILE_HEADER_BYTES);
  const size = (offset: number): number => Number(view.getBigUint64(offset, true));
  return {
    offsetLevel0: size(0),
    maxElements: size(8),
    elementCount: size(16),
    sizeDataPerElement: size(24),
    labelOffset: size(32),
    offsetData: size(40),
    maxLevel: view.getInt32(48, true),
    enterPoint: view.getUint32(52, true),
    maxM: size(56),
    maxM0: size(64),
    m: size(72),
    mult: view.getFloat64(80, true),
    efConstruction: size(88),
  };
}

export async function readHnswFileHeader(path: string): Promise<HnswFileHeader> {
  const handle = await open(path, 'r');
  try {
    const bytes = new Uint8Array(HNSW_FILE_HEADER_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, HNSW_FILE_HEADER_BYTES, 0);
    return parseHnswFileHeader(bytes.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** What the header must say for an inner-product float32 index of `dimensions` built with `m` and `efConstruction`. */
export interface ExpectedHnswLayout {
  dimensions: number;
  m: number;
  efConstruction: number;
  elements: number;
  capacity: number;
  fileBytes: number;
}

/** Why the file's own header disagrees with what we expect, or null when it is consistent. */
export function hnswLayoutMismatch(header: HnswFileHeader, expected: ExpectedHnswLayout): string | null {
  const linksLevel0 = expected.m * 2 * 4 + 4; // maxM0 = 2M uint32 links + a uint32 count
  const checks: [string, number, number][] = [
    ['offsetLevel0', header.offsetLevel0, 0],
    ['M', header.m, expected.m],
    ['maxM', header.maxM, expected.m],
    ['maxM0', header.maxM0, expected.m * 2],
    ['efConstruction', header.efConstruction, expected.efConstruction],
    ['element count', header.elementCount, expected.elements],
    ['capacity', header.maxElements, expected.capacity],
    ['offsetData', header.offsetData, linksLevel0],
    ['labelOffset', header.labelOffset, linksLevel0 + expected.dimensions * 4],
    ['element size', header.sizeDataPerElement, linksLevel0 + expected.dimensions * 4 + 8],
  ];
  for (const [name, actual, wanted] of checks) {
    if (actual !== wanted) return `index file says ${name} ${actual}, expected ${wanted}`;
  }
  if (header.elementCount > 0 && header.enterPoint >= header.elementCount) return `index file's entry point ${header.enterPoint} is out of range`;
  const minimumBytes = HNSW_FILE_HEADER_BYTES + header.elementCount * (header.sizeDataPerElement + 4);
  if (expected.fileBytes < minimumBytes) return `index file of ${expected.fileBytes} bytes is shorter than its ${minimumBytes}-byte minimum`;
  return null;
}
