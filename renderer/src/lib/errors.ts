/** An error as a sentence a person can read (the core's message for typed API errors). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
