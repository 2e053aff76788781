import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export type SheetFormat = 'csv' | 'xlsx';

/** The fixed columns of the catalog sheet; `price:<channel code>` and `stock:<location code>` columns follow. */
export const catalogColumns = [
  'product_handle', 'product_name', 'category', 'description', 'sku', 'barcode', 'color', 'size', 'weight_grams', 'base_price',
] as const;

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

/** Reads the first sheet into rows of trimmed strings (row 0 is the header). */
export async function readSheet(format: SheetFormat, content: Uint8Array): Promise<string[][]> {
  if (format === 'csv') {
    const text = new TextDecoder('utf-8').decode(content);
    const header = text.split(/\r?\n/, 1)[0] ?? '';
    // Spreadsheets saved with an Indonesian locale separate fields with semicolons.
    const delimiter = (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
    const records: string[][] = parse(text, { bom: true, delimiter, skip_empty_lines: true, relax_column_count: true, trim: true });
    return records;
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = [];
    for (let column = 1; column <= sheet.columnCount; column += 1) values.push(cellText(row.getCell(column).value).trim());
    rows.push(values);
  });
  return rows;
}

/** Writes rows (row 0 is the header) as CSV text or as an XLSX workbook with one sheet. */
export async function writeSheet(format: SheetFormat, rows: Array<Array<string | number>>): Promise<Uint8Array> {
  if (format === 'csv') return new TextEncoder().encode(stringify(rows));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('katalog');
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
