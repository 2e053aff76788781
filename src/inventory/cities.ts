/**
 * Approximate centre coordinates (latitude, longitude in degrees) of large Indonesian cities, used to
 * rank locations by distance to a delivery city that has no location of its own. Values are rounded
 * city-centre positions, good to a few kilometres.
 */
const cityCoordinates: Record<string, [number, number]> = {
  'jakarta': [-6.2, 106.816],
  'jakarta pusat': [-6.186, 106.834],
  'jakarta selatan': [-6.261, 106.81],
  'jakarta barat': [-6.168, 106.759],
  'jakarta timur': [-6.225, 106.9],
  'jakarta utara': [-6.138, 106.864],
  'bogor': [-6.595, 106.817],
  'depok': [-6.402, 106.794],
  'tangerang': [-6.178, 106.63],
  'tangerang selatan': [-6.288, 106.718],
  'bekasi': [-6.238, 106.976],
  'bandung': [-6.917, 107.619],
  'cimahi': [-6.872, 107.542],
  'cirebon': [-6.732, 108.552],
  'semarang': [-6.967, 110.417],
  'solo': [-7.576, 110.824],
  'surakarta': [-7.576, 110.824],
  'yogyakarta': [-7.797, 110.37],
  'surabaya': [-7.257, 112.752],
  'sidoarjo': [-7.447, 112.718],
  'malang': [-7.983, 112.621],
  'denpasar': [-8.65, 115.216],
  'medan': [3.595, 98.672],
  'palembang': [-2.976, 104.775],
  'pekanbaru': [0.507, 101.448],
  'padang': [-0.947, 100.417],
  'batam': [1.045, 104.03],
  'bandar lampung': [-5.397, 105.266],
  'pontianak': [-0.027, 109.333],
  'balikpapan': [-1.237, 116.852],
  'samarinda': [-0.502, 117.154],
  'banjarmasin': [-3.317, 114.59],
  'makassar': [-5.148, 119.432],
  'manado': [1.474, 124.842],
  'mataram': [-8.583, 116.117],
  'kupang': [-10.178, 123.607],
  'jayapura': [-2.533, 140.717],
};

export function normalizeCity(city: string): string {
  return city.trim().toLowerCase().replace(/^(kota|kabupaten|kab\.)\s+/, '').replace(/\s+/g, ' ');
}

/** Coordinates of a city by name, or null when the city is not in the table. */
export function coordinatesOfCity(city: string): [number, number] | null {
  return cityCoordinates[normalizeCity(city)] ?? null;
}

/** Great-circle distance in kilometres (haversine, mean Earth radius 6,371 km). */
export function distanceKm(from: [number, number], to: [number, number]): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(to[0] - from[0]);
  const dLon = radians(to[1] - from[1]);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(radians(from[0])) * Math.cos(radians(to[0])) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}
