/**
 * Words the understanding step recognises in Indonesian and English shop chat. Colours, sizes and
 * product kinds map to one canonical value; the catalog's own words are added at run time.
 */

/** Chat slang and abbreviations rewritten to the standard word before anything else reads the text. */
export const slang: Record<string, string> = {
  gk: 'tidak', gak: 'tidak', ga: 'tidak', gaa: 'tidak', nggak: 'tidak', ngga: 'tidak', enggak: 'tidak', engga: 'tidak',
  tdk: 'tidak', tak: 'tidak', kagak: 'tidak', g: 'tidak',
  brp: 'berapa', berapaan: 'berapa', brapa: 'berapa', brpa: 'berapa', brapaan: 'berapa',
  yg: 'yang', sy: 'saya', aku: 'saya', gw: 'saya', gue: 'saya', utk: 'untuk', untk: 'untuk', dgn: 'dengan', dg: 'dengan',
  bs: 'bisa', bsa: 'bisa', ad: 'ada', adaa: 'ada', adakah: 'ada', tsb: 'tersebut', dmn: 'dimana', dimn: 'dimana',
  mana: 'mana', klo: 'kalau', kalo: 'kalau', kl: 'kalau', klau: 'kalau', gmn: 'gimana', gmna: 'gimana', bagaimana: 'gimana',
  hrg: 'harga', hrga: 'harga', harganya: 'harga', harganyaa: 'harga', hargany: 'harga', pricenya: 'price',
  stok: 'stok', stock: 'stok', stoknya: 'stok', stocknya: 'stok', setok: 'stok', stck: 'stok', stk: 'stok',
  sz: 'size', sizenya: 'size', uk: 'ukuran', ukr: 'ukuran', ukurannya: 'ukuran', ukuranya: 'ukuran',
  wrn: 'warna', warnanya: 'warna', colour: 'color', colors: 'color', colours: 'color', warnany: 'warna',
  redy: 'ready', ridi: 'ready', redi: 'ready', readi: 'ready', rdy: 'ready', readyy: 'ready', reddy: 'ready',
  tokonya: 'toko', tokoh: 'toko', cabangnya: 'cabang', outletnya: 'outlet', storenya: 'store',
  makasih: 'terimakasih', mksh: 'terimakasih', makasi: 'terimakasih', trims: 'terimakasih', tq: 'thanks', thx: 'thanks',
  tks: 'thanks', ty: 'thanks', thank: 'thanks', trimakasih: 'terimakasih', trmksh: 'terimakasih',
  pesenan: 'pesanan', psnan: 'pesanan', orderan: 'order', ordernya: 'order', pesanannya: 'pesanan', paketnya: 'paket',
  blm: 'belum', udh: 'sudah', udah: 'sudah', sdh: 'sudah', dah: 'sudah', lg: 'lagi', lgi: 'lagi', aja: 'saja', aj: 'saja',
  jg: 'juga', jga: 'juga', sm: 'sama', ama: 'sama', dr: 'dari', dri: 'dari', krn: 'karena', tp: 'tapi', tpi: 'tapi',
  pengen: 'mau', pgn: 'mau', pingin: 'mau', ingin: 'mau', mo: 'mau', mw: 'mau', pengin: 'mau',
  jkt: 'jakarta', bdg: 'bandung', sby: 'surabaya', jogja: 'yogyakarta', jogjakarta: 'yogyakarta', yogya: 'yogyakarta',
  dki: 'jakarta', smg: 'semarang', mdn: 'medan',
  tshirt: 'kaos', 't-shirt': 'kaos', tee: 'kaos', kaus: 'kaos', kaosnya: 'kaos', kemejanya: 'kemeja', celananya: 'celana',
  sepatunya: 'sepatu', jaketnya: 'jaket', dressnya: 'dress', hijabnya: 'hijab',
  wa: 'whatsapp', ig: 'instagram', cs: 'admin', mimin: 'admin', minnya: 'admin',
  pcs: 'pcs', biji: 'pcs', buah: 'pcs', potong: 'pcs',
  dong: '', donk: '', deh: '', sih: '', nih: '', ya: '', yaa: '', yah: '', kah: '', kak: '', ka: '', kk: '', kakak: '',
  gan: '', sis: '', bro: '', mas: '', mba: '', mbak: '', om: '', bang: '', min: '', kaka: '', kakk: '', bun: '', bund: '',
  please: '', pls: '', plz: '', tolong: '', mohon: '', hehe: '', wkwk: '', nya: '', lho: '', loh: '', kok: '', nah: '',
};

/** Canonical colour values with the words customers use for them (Indonesian and English). */
export const colourWords: Record<string, string[]> = {
  hitam: ['hitam', 'black', 'htm'],
  putih: ['putih', 'white', 'pth', 'offwhite'],
  navy: ['navy', 'dongker', 'donker', 'biru dongker', 'biru tua', 'dark blue', 'nevi', 'navi'],
  merah: ['merah', 'red', 'mrh'],
  hijau: ['hijau', 'green', 'ijo', 'hijo'],
  biru: ['biru', 'blue'],
  abu: ['abu', 'abu-abu', 'abuabu', 'grey', 'gray', 'abu abu', 'misty'],
  coklat: ['coklat', 'cokelat', 'brown', 'coklatnya', 'mocca', 'mocha'],
  krem: ['krem', 'cream', 'beige', 'krim', 'creme'],
  kuning: ['kuning', 'yellow'],
  pink: ['pink', 'merah muda', 'dusty pink'],
  ungu: ['ungu', 'purple', 'lilac'],
  maroon: ['maroon', 'marun', 'burgundy'],
  khaki: ['khaki', 'khakis'],
  olive: ['olive', 'zaitun', 'army'],
  sage: ['sage'],
  mustard: ['mustard'],
  denim: ['denim'],
  oranye: ['oranye', 'orange', 'jingga'],
  tosca: ['tosca', 'toska', 'teal'],
  emas: ['emas', 'gold'],
  silver: ['silver', 'perak'],
};

/** Letter sizes with the ways customers write them. */
export const letterSizes: Record<string, string[]> = {
  XS: ['xs'],
  S: ['s', 'small'],
  M: ['m', 'medium'],
  L: ['l', 'large'],
  XL: ['xl'],
  XXL: ['xxl', '2xl'],
  XXXL: ['xxxl', '3xl'],
  'All Size': ['allsize', 'all size'],
};

/** Product kinds in both languages; each group's words are synonyms for retrieval. */
export const productSynonyms: string[][] = [
  ['celana', 'trousers', 'pants', 'trouser', 'chino', 'chinos'],
  ['sepatu', 'shoes', 'shoe', 'sneakers', 'sneaker'],
  ['kaos', 'tshirt', 't-shirt', 'tee', 'kaus'],
  ['kemeja', 'shirt', 'hem'],
  ['jaket', 'jacket', 'jaketnya'],
  ['dress', 'gaun', 'gamis'],
  ['hijab', 'kerudung', 'jilbab', 'pashmina'],
  ['rok', 'skirt'],
  ['tas', 'bag'],
  ['ransel', 'backpack', 'rucksack'],
  ['dompet', 'wallet'],
  ['topi', 'hat', 'cap'],
  ['sandal', 'sandals', 'sendal'],
  ['polos', 'plain'],
  ['panjang', 'long'],
  ['pendek', 'short'],
  ['lengan', 'sleeve'],
  ['anak', 'kids', 'child'],
  ['wanita', 'women', 'cewek', 'perempuan', 'womens'],
  ['pria', 'men', 'cowok', 'laki', 'mens'],
  ['batik', 'batik'],
  ['kulit', 'leather'],
  ['rajut', 'knit', 'sweater'],
  ['hoodie', 'hodie', 'hoody', 'sweatshirt'],
];

/** Cities the shop's stores may be in, with common abbreviations already rewritten by `slang`. */
export const cityWords = [
  'jakarta', 'bandung', 'surabaya', 'yogyakarta', 'semarang', 'medan', 'bali', 'denpasar', 'makassar', 'bekasi',
  'tangerang', 'depok', 'bogor', 'malang', 'solo', 'palembang',
];

/** Words that carry no product meaning and are dropped from the retrieval query. */
export const stopWords = new Set([
  'yang', 'ini', 'itu', 'ada', 'tidak', 'apa', 'apakah', 'saya', 'mau', 'untuk', 'dengan', 'di', 'ke', 'dari', 'dan',
  'atau', 'juga', 'masih', 'bisa', 'kalau', 'gimana', 'berapa', 'harga', 'stok', 'ready', 'size', 'ukuran', 'warna',
  'color', 'toko', 'store', 'cabang', 'outlet', 'the', 'a', 'an', 'is', 'are', 'do', 'does', 'you', 'have', 'has', 'in',
  'of', 'for', 'to', 'it', 'this', 'that', 'any', 'there', 'what', 'which', 'how', 'much', 'many', 'price', 'stock',
  'available', 'availability', 'tersedia', 'sisa', 'tinggal', 'lagi', 'sudah', 'belum', 'sama', 'nanya', 'tanya',
  'info', 'please', 'can', 'i', 'me', 'my', 'we', 'our', 'your', 'get', 'buy', 'beli', 'order', 'pesan', 'cari', 'nyari',
  'looking', 'want', 'need', 'butuh', 'halo', 'hai', 'hi', 'hello', 'pagi', 'siang', 'sore', 'malam', 'thanks',
  'terimakasih', 'saja', 'tapi', 'karena', 'pcs', 'dong', 'kira', 'kirakira', 'boleh', 'tau', 'tahu', 'mana', 'dimana',
  'pilihan', 'varian', 'model', 'jenis', 'yg', 'nya', 'the', 'still', 'got', 'sizes', 'colors', 'in', 'on', 'at', 'sekarang',
  'now', 'today', 'hari', 'lain', 'other', 'else', 'selain', 'barang', 'produk', 'product', 'item', 'items', 'pickup',
  'ambil', 'kota', 'city', 'near', 'terdekat', 'dekat', 'kah', 'kan', 'lah', 'pun', 'tersebut', 'sudah', 'belum', 'ya',
  'oke', 'ok', 'okay', 'sip', 'siap', 'jadi', 'total', 'semua', 'all', 'cost', 'costs', 'stok', 'nomor', 'number',
  'ones', 'one', 'them', 'those', 'these', 'they', 'its', 'itu', 'tersebut', 'yang', 'about', 'please', 'thanks',
  // Channel names say where the customer shops, not what they look for.
  'instagram', 'whatsapp', 'shopee', 'tokopedia', 'tiktok', 'website', 'web', 'online', 'webchat', 'marketplace',
]);

/**
 * Describing words of follow-ups ("yang lebih besar?", "any cheaper?"). They are not in the catalog, yet they
 * name no other product, so a follow-up with them keeps the product in context.
 */
export const modifierWords = new Set([
  'besar', 'kecil', 'gede', 'lebih', 'kurang', 'paling', 'murah', 'murahan', 'mahal', 'banyak', 'sedikit', 'baru',
  'bagus', 'cantik', 'keren', 'cocok', 'muat', 'pas', 'tipis', 'tebal', 'lembut', 'adem', 'terang', 'gelap', 'muda',
  'tua', 'bahan', 'bahannya', 'kain', 'motif', 'corak', 'lainnya', 'lainya', 'satunya', 'sebelumnya', 'tadi', 'barusan',
  'big', 'bigger', 'small', 'smaller', 'large', 'larger', 'cheap', 'cheaper', 'expensive', 'new', 'newer', 'another',
  'different', 'light', 'lighter', 'dark', 'darker', 'thick', 'thicker', 'thin', 'thinner', 'better', 'nicer', 'same',
  'material', 'fabric', 'pattern', 'previous', 'earlier', 'before',
]);
