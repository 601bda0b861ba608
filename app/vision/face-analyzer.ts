import sharp from 'sharp';
import type { FaceLandmarks, Box, Point } from './face-detection.js';
import { alignFace, warpToCrop, type AlignmentTemplate } from './face-aligner.js';
import { dlibChipTransform } from './dlib-face-chip.js';
import type { FaceLandmarker } from './face-landmarker.js';
import { detectFaces, type FaceDetectorModels } from './face-detector.js';
import type { FaceEmbedder } from './face-embedder.js';
import { assessFaceQuality, isLowQuality } from './face-quality.js';
import { eyeOpenness } from './eye-openness.js';
import type { RgbImage } from './rgb-image.js';
import { StageTimings } from '../shared/stage-timings.js';

/** A face found and embedded in a photo; geometry in pixels of the displayed (EXIF-oriented) photo. */
export interface AnalysedFace {
  box: Box;
  landmarks: FaceLandmarks;
  detectorScore: number;
  quality: number;
  lowQuality: boolean;
  /** The sharpness measurement behind `quality` (variance of the Laplacian of the aligned crop). */
  laplacianVariance: number;
  /** Eye aspect ratio from the landmark net's points (eye-openness.ts); null without that stage or when turned away. */
  eyeOpenness: number | null;
  embedding: Float32Array;
}

/** A face whose geometry is already known (stored earlier, drawn by hand, imported), to embed again. */
export interface KnownFace {
  box: Box;
  landmarks: FaceLandmarks;
}

/** A photo decoded for analysis: pixels at most `maxSide` on a side, and the factor back to displayed pixels. */
export interface DecodedPhoto {
  image: RgbImage;
  /** Displayed-photo pixels per decoded pixel (≥ 1 when shrunk on load). */
  scale: number;
  displayedWidth: number;
  displayedHeight: number;
}

/** Longest side analysed: a 12-MP photo at full resolution (every pixel for the chip of a small face), bounded in memory. */
export const ANALYSIS_MAX_SIDE = 4096;

/**
 * Photos at most this much longer than the limit are decoded as they are: resampling a 4243-px (12-MP) photo to
 * 4096 px cost more than decoding it (pipeline bench), and the detector's pyramid shrinks it anyway.
 */
const AS_IS_SLACK = 1.25;

/**
 * Decodes a photo for face analysis: EXIF orientation applied, grey expanded to RGB, alpha dropped, and shrunk on
 * load (JPEG's DCT scaling) when its longer side is well above `maxSide`.
 */
export async function decodeForAnalysis(input: string | Buffer, maxSide = ANALYSIS_MAX_SIDE, maxPixels = 250_000_000): Promise<DecodedPhoto> {
  const meta = await sharp(input, { limitInputPixels: maxPixels }).metadata();
  const swapped = (meta.orientation ?? 1) >= 5;
  const longSide = Math.max(meta.width ?? 0, meta.height ?? 0);
  let decoder = sharp(input, { limitInputPixels: maxPixels, failOn: 'truncated' }).rotate();
  if (longSide > maxSide * AS_IS_SLACK) decoder = decoder.resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
  const { data, info } = await decoder.toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const displayedWidth = (swapped ? meta.height : meta.width) ?? info.width;
  const displayedHeight = (swapped ? meta.width : meta.height) ?? info.height;
  return {
    image: { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height },
    scale: displayedWidth / info.width,
    displayedWidth,
    displayedHeight,
  };
}

/** Detect → align → quality → embed, for one photo at a time. */
export class FaceAnalyzer {
  constructor(
    private readonly detector: FaceDetectorModels,
    private readonly embedder: FaceEmbedder,
    /** The landmark net the embedder's `faceChip` names; without it, the crop comes from the detector's keypoints. */
    private readonly landmarker: FaceLandmarker | null = null,
  ) {}

  get modelId(): string {
    return this.embedder.modelId;
  }

  /**
   * Finds and embeds every face of a decoded photo; `minScore` overrides the detector's score thresholds. `timings`
   * receives the milliseconds of detection, alignment (landmarks and crops) and embedding.
   */
  async analyse(photo: DecodedPhoto, minScore?: number, timings = new StageTimings()): Promise<{ faces: AnalysedFace[]; detectorRuns: number }> {
    const detection = await timings.time('detection', () =>
      detectFaces(photo.image, this.detector, minScore === undefined ? {} : { minScore, minScoreSingleRun: minScore }),
    );
    const { crops, points } = await timings.time('alignment', () => this.faceCrops(photo.image, detection.faces));
    const embeddings = await timings.time('embedding', () => this.embedder.embed(crops));
    const faces = detection.faces.map((d, i) => {
      const quality = assessFaceQuality({ ...d, box: scaleBox(d.box, photo.scale) }, crops[i]!, { width: photo.displayedWidth, height: photo.displayedHeight });
      return {
        box: scaleBox(d.box, photo.scale),
        landmarks: scaleLandmarks(d.landmarks, photo.scale),
        detectorScore: d.score,
        quality: quality.score,
        lowQuality: isLowQuality(quality),
        laplacianVariance: quality.laplacianVariance,
        eyeOpenness: points ? eyeOpenness(points[i]!) : null,
        embedding: embeddings[i]!,
      };
    });
    return { faces, detectorRuns: detection.runs };
  }

  /** Embeds faces whose landmarks are known (displayed-photo pixels), e.g. for a second embedding model. */
  async embedKnown(photo: DecodedPhoto, faces: readonly KnownFace[]): Promise<Float32Array[]> {
    const inPhoto = faces.map((f) => ({ box: scaleBox(f.box, 1 / photo.scale), landmarks: scaleLandmarks(f.landmarks, 1 / photo.scale) }));
    return this.embedder.embed((await this.faceCrops(photo.image, inPhoto)).crops);
  }

  /**
   * The embedder's input crop of each face (decoded-photo pixels): dlib's face chip from the landmark net's 68 points
   * when the embedder asks for one, else the similarity of the detector's keypoints onto the template; and those 68
   * points (null without the landmark stage), which also measure the eyes.
   */
  private async faceCrops(image: RgbImage, faces: readonly KnownFace[]): Promise<{ crops: RgbImage[]; points: Point[][] | null }> {
    const template = this.embedder.entry.alignment as AlignmentTemplate;
    const chip = this.embedder.entry.faceChip;
    if (chip && this.landmarker) {
      const points = await this.landmarker.locate(image, faces.map((f) => f.box));
      // Black past the photo's edge, as dlib's extract_image_chip paints it (measured on cfp frontal pairs with cached
      // detections: 99.21 → 99.26% against replicating the edge).
      const crop = (p: Point[]) => warpToCrop(image, dlibChipTransform(p, template.width, chip.padding), template, { border: 'black' });
      return { crops: await Promise.all(points.map(crop)), points };
    }
    return { crops: await Promise.all(faces.map((f) => alignFace(image, f.landmarks, template))), points: null };
  }

  /**
   * Embeds a whole image as if it were already a face crop (tight crops where no face is detected): the template's
   * landmarks are placed proportionally on the image.
   */
  async embedWholeImage(photo: DecodedPhoto): Promise<Float32Array> {
    const t = this.embedder.entry.alignment;
    const sx = photo.image.width / t.width;
    const sy = photo.image.height / t.height;
    const at = ([x, y]: readonly [number, number]) => ({ x: x * sx, y: y * sy });
    const landmarks = {
      rightEye: at(t.points.rightEye),
      leftEye: at(t.points.leftEye),
      noseTip: at(t.points.noseTip),
      mouthCenter: at(t.points.mouthCenter),
    } as unknown as FaceLandmarks;
    const crop = await alignFace(photo.image, landmarks, t as AlignmentTemplate);
    return (await this.embedder.embed([crop]))[0]!;
  }
}

function scaleBox(box: Box, s: number): Box {
  return { x: box.x * s, y: box.y * s, width: box.width * s, height: box.height * s };
}

function scaleLandmarks(landmarks: FaceLandmarks, s: number): FaceLandmarks {
  return Object.fromEntries(Object.entries(landmarks).map(([k, p]) => [k, { x: p.x * s, y: p.y * s }])) as unknown as FaceLandmarks;
}
