import type { TfjsAttrValue, TfjsNode } from './tfjs-model-json.js';

/** Decodes the typed attributes of a tfjs graph node; every reader names the node when the attribute is missing. */
export class NodeAttributes {
  constructor(private readonly node: TfjsNode) {}

  has(key: string): boolean {
    return this.node.attr?.[key] !== undefined;
  }

  /** A string attribute (stored base64). */
  string(key: string, fallback?: string): string {
    const v = this.value(key);
    if (v?.s === undefined) return this.fallback(key, fallback);
    return decodeBase64(v.s);
  }

  /** A list-of-strings attribute (e.g. `fused_ops`). */
  strings(key: string, fallback?: string[]): string[] {
    const v = this.value(key);
    if (!v?.list) return this.fallback(key, fallback);
    return (v.list.s ?? []).map(decodeBase64);
  }

  /** An integer attribute (stored as a decimal string). */
  int(key: string, fallback?: number): number {
    const v = this.value(key);
    if (v?.i === undefined) return this.fallback(key, fallback);
    return Number(v.i);
  }

  /** A list-of-integers attribute (e.g. `strides`). */
  ints(key: string, fallback?: number[]): number[] {
    const v = this.value(key);
    if (!v?.list) return this.fallback(key, fallback);
    return (v.list.i ?? []).map(Number);
  }

  /** A float attribute. */
  float(key: string, fallback?: number): number {
    const v = this.value(key);
    if (v?.f === undefined) return this.fallback(key, fallback);
    return Number(v.f);
  }

  /** A boolean attribute. */
  bool(key: string, fallback?: boolean): boolean {
    const v = this.value(key);
    if (v?.b === undefined) return this.fallback(key, fallback);
    return v.b;
  }

  /** A dtype attribute, e.g. `DT_FLOAT`. */
  type(key: string, fallback?: string): string {
    const v = this.value(key);
    if (v?.type === undefined) return this.fallback(key, fallback);
    return v.type;
  }

  /** A shape attribute; -1 marks an unknown dimension; null when the rank is unknown. */
  shape(key: string): number[] | null {
    const v = this.value(key);
    if (!v?.shape || v.shape.unknownRank) return null;
    return (v.shape.dim ?? []).map((d) => Number(d.size ?? -1));
  }

  private value(key: string): TfjsAttrValue | undefined {
    return this.node.attr?.[key];
  }

  private fallback<T>(key: string, fallback: T | undefined): T {
    if (fallback === undefined) throw new Error(`node "${this.node.name}" (${this.node.op}) lacks attribute "${key}"`);
    return fallback;
  }
}

function decodeBase64(s: string): string {
  return Buffer.from(s, 'base64').toString('utf8');
}
