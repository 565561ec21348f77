/**
 * API limits by Zoho CRM edition — the one table doctor reads.
 *
 * Source: Zoho CRM v8 "API Limits" (zoho.com/crm/developer/docs/api/v8/api-limits.html):
 * - Concurrency (simultaneous calls per org per app): Free 5, Standard/Starter 10, Professional 15,
 *   Enterprise/Zoho One 20, Ultimate/CRM Plus 25; heavy APIs have a lower sub-concurrency (about 10).
 * - Credits, a rolling 24-hour window per org: 50,000 + user licenses × (Standard 250, Professional 500,
 *   Enterprise 1,000, Ultimate 2,000) + add-ons, capped at Standard 100,000, Professional 3,000,000,
 *   Enterprise 5,000,000, Ultimate unlimited; Free 5,000 flat.
 * v8 publishes no API that reports credits *used* (the count is shown in Setup → Developer Hub → APIs),
 * so doctor says so rather than guessing.
 */

export type Edition = 'Free' | 'Standard' | 'Professional' | 'Enterprise' | 'Ultimate';

export interface EditionLimits {
  readonly concurrency: number;
  readonly credits: {
    readonly base: number;
    readonly perUser: number;
    readonly max: number | null;
  };
}

export const EDITION_LIMITS: Readonly<Record<Edition, EditionLimits>> = {
  Free: { concurrency: 5, credits: { base: 5_000, perUser: 0, max: 5_000 } },
  Standard: { concurrency: 10, credits: { base: 50_000, perUser: 250, max: 100_000 } },
  Professional: { concurrency: 15, credits: { base: 50_000, perUser: 500, max: 3_000_000 } },
  Enterprise: { concurrency: 20, credits: { base: 50_000, perUser: 1_000, max: 5_000_000 } },
  Ultimate: { concurrency: 25, credits: { base: 50_000, perUser: 2_000, max: null } },
};

export const CREDITS_USED_NOT_REPORTED =
  'not reported by the API (Zoho CRM shows it in Setup → Developer Hub → APIs; clients sharing limits through Redis count their own: zcrm-codegen status --redis URL)';

/**
 * The edition named by GET /crm/v8/org's `license_details` (`paid_type`, or `trial_type` during a trial;
 * an unpaid org without a trial is on Free). Undefined when the value is not one we know.
 */
export function editionOf(licenseDetails: unknown): Edition | undefined {
  if (typeof licenseDetails !== 'object' || licenseDetails === null) return undefined;
  const l = licenseDetails as Record<string, unknown>;
  const raw = [l['paid_type'], l['trial_type']].find((v) => typeof v === 'string' && v !== '');
  if (typeof raw !== 'string') return l['paid'] === false ? 'Free' : undefined;
  const v = raw.toLowerCase().replace(/[^a-z]/g, '');
  if (v.includes('ultimate') || v.includes('crmplus')) return 'Ultimate';
  if (v.includes('enterprise') || v.includes('zohoone')) return 'Enterprise';
  if (v.includes('professional')) return 'Professional';
  if (v.includes('standard') || v.includes('starter')) return 'Standard';
  if (v.includes('free')) return 'Free';
  return undefined;
}

/** Credits per rolling 24 hours for this edition and number of user licenses (add-ons not visible to the API). */
export function creditBudget(edition: Edition, userLicenses: number | undefined): number | null {
  const c = EDITION_LIMITS[edition].credits;
  if (userLicenses === undefined) return null;
  const total = c.base + c.perUser * userLicenses;
  return c.max === null ? total : Math.min(total, c.max);
}
