import type { Transaction } from "./summary.js";

/**
 * Parses the CDNOW transaction log used by Fader, Hardie & Lee (2005): one
 * purchase a line, whitespace-separated. The 1/10 sample has five columns
 * (original id, sample id, YYYYMMDD date, number of CDs, dollar value) and the
 * customer id is the sample id. The master file has four columns (no sample
 * id) after a header line, which is skipped.
 */
export function parseCdnowTransactions(text: string): Transaction[] {
  const transactions: Transaction[] = [];
  text.split("\n").forEach((line, index) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === "") {
      return;
    }
    if (fields.length !== 4 && fields.length !== 5) {
      throw new Error(`CDNOW line ${index + 1} has ${fields.length} fields: expected 4 (master) or 5 (sample)`);
    }
    const [customerId = "", date = "", , amount = ""] = fields.slice(-4);
    if (!/^\d{8}$/.test(date)) {
      if (index === 0) {
        return;
      }
      throw new Error(`CDNOW line ${index + 1} has invalid date "${date}": expected YYYYMMDD`);
    }
    if (!/^\d+$/.test(customerId)) {
      throw new Error(`CDNOW line ${index + 1} has invalid customer id "${customerId}": expected digits`);
    }
    if (!Number.isFinite(Number(amount))) {
      throw new Error(`CDNOW line ${index + 1} has invalid dollar value "${amount}": expected a number`);
    }
    transactions.push({
      // Leading zeros are dropped so that ids match the published summary files.
      customerId: String(Number(customerId)),
      date: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
      amount: Number(amount),
    });
  });
  return transactions;
}
