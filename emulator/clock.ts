/** Zoho's datetime format: `2026-11-23T07:56:38+00:00` (ISO 8601, seconds, numeric offset; the emulated org is on UTC). */
export function zohoDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + '+00:00';
}

/** 19-digit record ids, as Zoho issues them (org prefix + sequence). */
export class IdSource {
  private n = 0;
  constructor(private readonly prefix = '58434') {}
  next(): string {
    this.n += 1;
    return this.prefix + String(this.n).padStart(14, '0');
  }
}
