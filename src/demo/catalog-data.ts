/** Colours of the demo catalog: the Indonesian name customers type, and its three-letter SKU code. */
export const colorCodes = {
  navy: 'NAV',
  hitam: 'HTM',
  putih: 'PTH',
  merah: 'MRH',
  hijau: 'HJU',
  'abu-abu': 'ABU',
  cokelat: 'CKL',
  krem: 'KRM',
  biru: 'BRU',
  maroon: 'MRN',
} as const;

export type DemoColor = keyof typeof colorCodes;

const apparel = ['S', 'M', 'L', 'XL', 'XXL'];
const core = ['M', 'L', 'XL'];
const womens = ['S', 'M', 'L'];
const waist = ['28', '30', '32', '34'];
const sneakers = ['38', '39', '40', '41', '42', '43', '44'];
const sandals = ['39', '40', '41', '42', '43'];
const womensFootwear = ['37', '38', '39', '40'];
/** Hijabs, bags and accessories come in one size: the variant has a colour only. */
const oneSize: string[] = [];

export interface ProductDefinition {
  /** SKU prefix, e.g. KBP for Kemeja Batik Parang. */
  code: string;
  name: string;
  category: string;
  material: string;
  /** Base price in whole rupiah. */
  price: number;
  colors: DemoColor[];
  sizes: string[];
  weightGrams: number;
  /** Relative share of sales. The best sellers are basics and hijabs. */
  popularity: number;
}

const p = (
  code: string, name: string, category: string, material: string, price: number,
  colors: DemoColor[], sizes: string[], weightGrams: number, popularity: number,
): ProductDefinition => ({ code, name, category, material, price, colors, sizes, weightGrams, popularity });

/** The demo brand's catalog: 60 products, about 300 variants (colour × size). */
export const productDefinitions: ProductDefinition[] = [
  p('KPP', 'Kaos Polos Premium', 'kaos', 'katun combed 30s', 99_000, ['hitam', 'putih', 'navy'], apparel, 180, 10),
  p('KOS', 'Kaos Oversize Streetwear', 'kaos', 'katun combed 24s', 129_000, ['hitam', 'krem'], core, 220, 6),
  p('KGB', 'Kaos Grafis Batavia', 'kaos', 'katun combed 30s', 119_000, ['putih'], core, 180, 4),
  p('KPL', 'Kaos Polo Pique', 'kaos', 'katun pique', 149_000, ['navy', 'putih'], core, 230, 5),
  p('KHN', 'Kaos Henley Lengan Pendek', 'kaos', 'katun slub', 139_000, ['abu-abu'], core, 200, 3),
  p('KLP', 'Kaos Lengan Panjang Basic', 'kaos', 'katun combed 30s', 119_000, ['hitam', 'putih'], core, 210, 4),
  p('KBP', 'Kemeja Batik Parang', 'kemeja-batik', 'katun primisima, batik cap', 249_000, ['navy', 'cokelat', 'hitam'], ['M', 'L', 'XL', 'XXL'], 260, 9),
  p('KBK', 'Kemeja Batik Kawung', 'kemeja-batik', 'katun prima, batik cap', 229_000, ['cokelat', 'hitam'], core, 250, 6),
  p('KBM', 'Kemeja Batik Mega Mendung', 'kemeja-batik', 'katun primisima, batik tulis kombinasi', 289_000, ['biru', 'merah'], core, 260, 5),
  p('KBS', 'Kemeja Batik Sidomukti', 'kemeja-batik', 'katun primisima, batik tulis', 349_000, ['cokelat'], core, 270, 2),
  p('KBT', 'Kemeja Batik Truntum Lengan Panjang', 'kemeja-batik', 'katun primisima, batik tulis', 399_000, ['hitam'], core, 300, 2),
  p('KBL', 'Kemeja Batik Lereng Slim Fit', 'kemeja-batik', 'katun prima, batik cap', 199_000, ['hijau'], core, 240, 4),
  p('BBS', 'Blus Batik Sekar Jagad', 'kemeja-batik', 'katun rayon, batik cap', 219_000, ['maroon', 'krem'], womens, 220, 4),
  p('KLN', 'Kemeja Linen Santai', 'kemeja', 'linen rami', 229_000, ['putih', 'krem'], core, 230, 4),
  p('KOX', 'Kemeja Oxford Kerja', 'kemeja', 'katun oxford', 199_000, ['biru'], core, 250, 3),
  p('KFL', 'Kemeja Flanel Kotak', 'kemeja', 'flanel katun', 189_000, ['merah', 'hijau'], core, 300, 3),
  p('KKP', 'Kemeja Koko Lengan Pendek', 'kemeja', 'katun toyobo', 179_000, ['putih', 'krem'], core, 240, 5),
  p('CCS', 'Celana Chino Slim', 'celana', 'katun twill stretch', 259_000, ['krem', 'navy'], waist, 450, 6),
  p('CCR', 'Celana Chino Regular', 'celana', 'katun twill', 239_000, ['cokelat', 'abu-abu'], waist, 460, 3),
  p('JSL', 'Jeans Slim Fit', 'celana', 'denim stretch 12 oz', 329_000, ['biru', 'hitam'], waist, 600, 5),
  p('JSV', 'Jeans Straight Vintage', 'celana', 'denim 14 oz', 349_000, ['biru'], waist, 650, 2),
  p('CKW', 'Celana Kulot Wanita', 'celana', 'katun rayon', 179_000, ['hitam', 'krem'], womens, 350, 5),
  p('CJG', 'Celana Jogger', 'celana', 'katun fleece', 169_000, ['hitam'], core, 380, 3),
  p('CPD', 'Celana Pendek Chino', 'celana', 'katun twill', 149_000, ['krem'], core, 300, 3),
  p('DMR', 'Dress Midi Rayon Bunga', 'dress', 'rayon viscose', 229_000, ['hijau', 'maroon'], womens, 280, 4),
  p('DBM', 'Dress Batik Modern', 'dress', 'katun, batik cap', 299_000, ['navy', 'cokelat'], womens, 320, 3),
  p('GSP', 'Gamis Syari Polos', 'dress', 'jersey premium', 279_000, ['hitam', 'navy'], core, 450, 4),
  p('DKS', 'Dress Kaos Santai', 'dress', 'katun spandex', 159_000, ['hitam'], womens, 250, 2),
  p('RPL', 'Rok Plisket', 'rok', 'hyget premium', 149_000, ['krem', 'hitam', 'navy', 'maroon'], oneSize, 300, 5),
  p('RSK', 'Rok Span Kerja', 'rok', 'wolfis', 169_000, ['hitam', 'abu-abu'], womens, 280, 2),
  p('RJA', 'Rok Jeans A-Line', 'rok', 'denim 10 oz', 199_000, ['biru'], womens, 400, 2),
  p('PSC', 'Pashmina Ceruti', 'hijab', 'ceruti babydoll', 69_000, ['hitam', 'krem', 'maroon', 'navy', 'abu-abu'], oneSize, 120, 9),
  p('HSV', 'Hijab Segi Empat Voal', 'hijab', 'voal ultrafine', 59_000, ['putih', 'krem', 'hijau', 'biru', 'merah'], oneSize, 100, 8),
  p('BIJ', 'Bergo Instan Jersey', 'hijab', 'jersey premium', 79_000, ['hitam', 'navy', 'maroon'], oneSize, 130, 6),
  p('PSP', 'Pashmina Plisket', 'hijab', 'ceruti plisket', 89_000, ['krem', 'abu-abu', 'cokelat'], oneSize, 120, 5),
  p('HMB', 'Hijab Segi Empat Motif Batik', 'hijab', 'voal, motif batik kawung', 99_000, ['cokelat', 'biru'], oneSize, 100, 3),
  p('JDK', 'Jaket Denim Klasik', 'jaket', 'denim 14 oz', 389_000, ['biru', 'hitam'], core, 800, 3),
  p('JBM', 'Jaket Bomber', 'jaket', 'parasut taslan, furing dakron', 349_000, ['hitam', 'hijau'], core, 650, 3),
  p('JWB', 'Jaket Parasut Windbreaker', 'jaket', 'parasut taslan waterproof', 279_000, ['hitam'], core, 400, 3),
  p('KDR', 'Kardigan Rajut', 'jaket', 'rajut akrilik', 219_000, ['krem', 'abu-abu'], womens, 380, 4),
  p('BLZ', 'Blazer Kasual', 'jaket', 'wol campuran', 449_000, ['hitam'], core, 700, 1),
  p('HDP', 'Hoodie Polos Fleece', 'hoodie', 'katun fleece 280 gsm', 229_000, ['hitam', 'abu-abu', 'navy'], core, 550, 6),
  p('HDZ', 'Hoodie Zipper', 'hoodie', 'katun fleece 280 gsm', 259_000, ['hitam', 'abu-abu'], core, 600, 4),
  p('CRW', 'Sweater Crewneck', 'hoodie', 'katun fleece 240 gsm', 199_000, ['krem'], core, 480, 3),
  p('SNK', 'Sepatu Sneakers Kanvas', 'sepatu', 'kanvas, sol karet', 299_000, ['putih', 'hitam'], sneakers, 900, 6),
  p('SNL', 'Sepatu Sneakers Kulit', 'sepatu', 'kulit sapi, sol karet', 549_000, ['putih'], sneakers, 1000, 2),
  p('SSO', 'Sepatu Slip-On Kanvas', 'sepatu', 'kanvas, sol karet', 249_000, ['hitam'], sneakers, 800, 3),
  p('SJK', 'Sandal Jepit Karet', 'sandal', 'karet alam', 49_000, ['hitam'], sandals, 300, 4),
  p('SKS', 'Sandal Kulit Slop', 'sandal', 'kulit sapi', 199_000, ['cokelat'], sandals, 500, 2),
  p('STW', 'Sandal Teplek Wanita', 'sandal', 'kulit sintetis', 129_000, ['krem'], womensFootwear, 350, 3),
  p('TSK', 'Tas Selempang Kanvas', 'tas', 'kanvas 12 oz', 179_000, ['hitam', 'cokelat', 'abu-abu'], oneSize, 450, 4),
  p('TRL', 'Tas Ransel Laptop', 'tas', 'poliester 600D, muat laptop 15 inci', 329_000, ['hitam', 'navy'], oneSize, 900, 3),
  p('TTB', 'Tas Tote Batik', 'tas', 'kanvas, motif batik', 149_000, ['cokelat', 'biru'], oneSize, 300, 3),
  p('WBG', 'Waist Bag Urban', 'tas', 'poliester 600D', 139_000, ['hitam', 'hijau'], oneSize, 250, 3),
  p('TBB', 'Topi Baseball', 'aksesoris', 'katun drill', 89_000, ['hitam', 'navy', 'krem'], oneSize, 100, 4),
  p('DKL', 'Dompet Kulit Lipat', 'aksesoris', 'kulit sapi', 159_000, ['cokelat', 'hitam'], oneSize, 120, 2),
  p('IPK', 'Ikat Pinggang Kulit', 'aksesoris', 'kulit sapi, gesper besi', 129_000, ['cokelat', 'hitam'], oneSize, 200, 2),
  p('KKS', 'Kaos Kaki Isi 3 Pasang', 'aksesoris', 'katun spandex', 49_000, ['hitam', 'putih'], oneSize, 150, 4),
  p('STS', 'Sarung Tenun Samarinda', 'aksesoris', 'tenun sutra campuran', 189_000, ['maroon', 'hijau', 'biru'], oneSize, 400, 2),
  p('TNK', 'Tunik Wanita Linen', 'dress', 'linen rami', 199_000, ['krem', 'hijau'], womens, 260, 3),
];
