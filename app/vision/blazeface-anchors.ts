/**
 * SSD anchor generation for BlazeFace, a port of MediaPipe's `SsdAnchorsCalculator` (non-multiscale branch).
 * The options mirror `SsdAnchorsCalculatorOptions`; the model manifest stores them per detector.
 */

/** Options of MediaPipe's SsdAnchorsCalculator, camel-cased (as stored in the model manifest). */
export interface BlazeFaceAnchorOptions {
  numLayers: number;
  strides: readonly number[];
  inputWidth: number;
  inputHeight: number;
  anchorOffsetX: number;
  anchorOffsetY: number;
  minScale: number;
  maxScale: number;
  aspectRatios: readonly number[];
  /** When true every anchor has width = height = 1 (BlazeFace): the regressors are plain pixel offsets. */
  fixedAnchorSize: boolean;
  /** MediaPipe's default is 1.0; a value > 0 adds one interpolated-scale anchor per layer. */
  interpolatedScaleAspectRatio: number;
  reduceBoxesInLowestLayer: boolean;
}

/** One anchor, normalised to [0, 1] of the detector input. */
export interface SsdAnchor {
  xCenter: number;
  yCenter: number;
  width: number;
  height: number;
}

function calculateScale(minScale: number, maxScale: number, strideIndex: number, numStrides: number): number {
  if (numStrides === 1) return (minScale + maxScale) * 0.5;
  return minScale + ((maxScale - minScale) * strideIndex) / (numStrides - 1);
}

function at(values: readonly number[], index: number, what: string): number {
  const v = values[index];
  if (v === undefined) throw new Error(`anchor options: ${what}[${index}] is missing`);
  return v;
}

/**
 * Generates the SSD anchors in MediaPipe's order: layer groups of equal stride, then rows (y), columns (x), and the
 * anchors of each cell. BlazeFace front-128 gives 16×16×2 + 8×8×6 = 896 anchors.
 */
export function generateSsdAnchors(options: BlazeFaceAnchorOptions): SsdAnchor[] {
  const { strides, numLayers } = options;
  // MediaPipe also accepts explicit feature-map sizes; BlazeFace's graphs use strides only.
  if (strides.length === 0 || strides.length !== numLayers) {
    throw new Error(`anchor options: ${strides.length} strides for ${numLayers} layers`);
  }
  const anchors: SsdAnchor[] = [];
  let layerId = 0;
  while (layerId < numLayers) {
    const heights: number[] = [];
    const widths: number[] = [];
    const aspectRatios: number[] = [];
    const scales: number[] = [];

    // Consecutive layers with the same stride share one feature map: their anchors are merged per cell.
    let last = layerId;
    while (last < strides.length && at(strides, last, 'strides') === at(strides, layerId, 'strides')) {
      const scale = calculateScale(options.minScale, options.maxScale, last, strides.length);
      if (last === 0 && options.reduceBoxesInLowestLayer) {
        aspectRatios.push(1.0, 2.0, 0.5);
        scales.push(0.1, scale, scale);
      } else {
        for (const ratio of options.aspectRatios) {
          aspectRatios.push(ratio);
          scales.push(scale);
        }
        if (options.interpolatedScaleAspectRatio > 0) {
          const scaleNext =
            last === strides.length - 1
              ? 1.0
              : calculateScale(options.minScale, options.maxScale, last + 1, strides.length);
          scales.push(Math.sqrt(scale * scaleNext));
          aspectRatios.push(options.interpolatedScaleAspectRatio);
        }
      }
      last++;
    }
    for (let i = 0; i < aspectRatios.length; i++) {
      const ratioSqrt = Math.sqrt(at(aspectRatios, i, 'aspectRatios'));
      heights.push(at(scales, i, 'scales') / ratioSqrt);
      widths.push(at(scales, i, 'scales') * ratioSqrt);
    }

    const stride = at(strides, layerId, 'strides');
    const mapHeight = Math.ceil(options.inputHeight / stride);
    const mapWidth = Math.ceil(options.inputWidth / stride);

    for (let y = 0; y < mapHeight; y++) {
      for (let x = 0; x < mapWidth; x++) {
        for (let a = 0; a < heights.length; a++) {
          anchors.push({
            xCenter: (x + options.anchorOffsetX) / mapWidth,
            yCenter: (y + options.anchorOffsetY) / mapHeight,
            width: options.fixedAnchorSize ? 1 : (widths[a] as number),
            height: options.fixedAnchorSize ? 1 : (heights[a] as number),
          });
        }
      }
    }
    layerId = last;
  }
  return anchors;
}
