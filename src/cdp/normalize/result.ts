/** Outcome of normalising one raw identifier value. */
export type NormalizeResult = { ok: true; value: string } | { ok: false; reason: string };

export const accept = (value: string): NormalizeResult => ({ ok: true, value });
export const reject = (reason: string): NormalizeResult => ({ ok: false, reason });
