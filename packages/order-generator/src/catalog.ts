import type { Channel } from '@org/order-schema';

/** A product a customer can order; prices are integer euro cents, converted per market. */
export interface Product {
  readonly sku: string;
  readonly productName: string;
  readonly category: string;
  readonly priceCents: number;
}

/** A market: a country, its currency and the price factor of that currency per euro (in thousandths). */
export interface Market {
  readonly country: string;
  readonly currency: string;
  readonly perMilleOfEuro: number;
  readonly weight: number;
}

const CATEGORY_PRODUCTS: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  electronics: [
    ['Noise-cancelling headphones', 12990],
    ['Wireless earbuds', 7990],
    ['USB-C charger 65 W', 3499],
    ['Mechanical keyboard', 8950],
    ['27-inch monitor', 24900],
    ['Smart speaker', 5999],
  ],
  books: [
    ['Designing Data-Intensive Applications', 4290],
    ['The Pragmatic Programmer', 3790],
    ['A field guide to birds', 2450],
    ['Cooking for two', 1999],
    ['Children’s picture atlas', 1495],
  ],
  home: [
    ['Cast-iron skillet', 3990],
    ['Linen duvet cover', 8900],
    ['Espresso machine', 19900],
    ['Ceramic mug set', 2490],
    ['LED desk lamp', 3450],
  ],
  fashion: [
    ['Merino wool sweater', 8995],
    ['Running shoes', 11990],
    ['Rain jacket', 14900],
    ['Leather belt', 3900],
    ['Cotton T-shirt', 1999],
  ],
  sports: [
    ['Yoga mat', 2999],
    ['Road bike helmet', 6990],
    ['Adjustable dumbbells', 17900],
    ['Hiking backpack 30 l', 8490],
  ],
  toys: [
    ['Wooden train set', 4590],
    ['Building blocks 500 pieces', 3999],
    ['Plush fox', 1799],
    ['Board game night pack', 2999],
  ],
  beauty: [
    ['Face cream 50 ml', 2490],
    ['Shampoo 250 ml', 899],
    ['Electric toothbrush', 6990],
  ],
  grocery: [
    ['Organic coffee beans 1 kg', 2290],
    ['Green tea 100 bags', 999],
    ['Dark chocolate 6 pack', 1350],
    ['Olive oil 750 ml', 1190],
  ],
};

/** The product catalog, with stable SKUs such as `SKU-ELE-0001`. */
export const PRODUCTS: readonly Product[] = Object.entries(CATEGORY_PRODUCTS).flatMap(([category, entries]) =>
  entries.map(([productName, priceCents], index) => ({
    sku: `SKU-${category.slice(0, 3).toUpperCase()}-${String(index + 1).padStart(4, '0')}`,
    productName,
    category,
    priceCents,
  })),
);

/** Markets weighted by share of orders; each country sells in its own currency. */
export const MARKETS: readonly Market[] = [
  { country: 'DE', currency: 'EUR', perMilleOfEuro: 1000, weight: 24 },
  { country: 'FR', currency: 'EUR', perMilleOfEuro: 1000, weight: 14 },
  { country: 'NL', currency: 'EUR', perMilleOfEuro: 1000, weight: 7 },
  { country: 'ES', currency: 'EUR', perMilleOfEuro: 1000, weight: 8 },
  { country: 'IT', currency: 'EUR', perMilleOfEuro: 1000, weight: 8 },
  { country: 'US', currency: 'USD', perMilleOfEuro: 1080, weight: 18 },
  { country: 'GB', currency: 'GBP', perMilleOfEuro: 860, weight: 10 },
  { country: 'CA', currency: 'CAD', perMilleOfEuro: 1470, weight: 3 },
  { country: 'SE', currency: 'SEK', perMilleOfEuro: 11400, weight: 3 },
  { country: 'PL', currency: 'PLN', perMilleOfEuro: 4320, weight: 3 },
  { country: 'CH', currency: 'CHF', perMilleOfEuro: 950, weight: 2 },
];

export const MARKET_WEIGHTS: readonly (readonly [Market, number])[] = MARKETS.map((m) => [m, m.weight]);

/** Channels weighted by share of orders. */
export const CHANNEL_WEIGHTS: readonly (readonly [Channel, number])[] = [
  ['web', 45],
  ['mobile', 35],
  ['marketplace', 12],
  ['store', 8],
];

export const FIRST_NAMES: readonly string[] = [
  'ada',
  'alan',
  'grace',
  'linus',
  'margaret',
  'dennis',
  'barbara',
  'ken',
  'frances',
  'edsger',
  'hedy',
  'tim',
  'radia',
  'john',
  'katherine',
  'donald',
  'sophie',
  'leslie',
  'anita',
  'niklaus',
];

export const LAST_NAMES: readonly string[] = [
  'lovelace',
  'turing',
  'hopper',
  'torvalds',
  'hamilton',
  'ritchie',
  'liskov',
  'thompson',
  'allen',
  'dijkstra',
  'lamarr',
  'berners',
  'perlman',
  'backus',
  'johnson',
  'knuth',
  'wilson',
  'lamport',
  'borg',
  'wirth',
];

/** Reserved documentation domains (RFC 2606): synthetic addresses can never reach a real person. */
export const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.org', 'example.net'];

/**
 * A coupon: a share of the order total off, or a fixed amount off (in euro cents, converted per market
 * like prices). The discount never exceeds the order total.
 */
export type Coupon =
  | { readonly couponCode: string; readonly percentOff: number }
  | { readonly couponCode: string; readonly euroCentsOff: number };

/** The coupons new orders may carry, weighted by how often they are used. */
export const COUPON_WEIGHTS: readonly (readonly [Coupon, number])[] = [
  [{ couponCode: 'WELCOME10', percentOff: 10 }, 40],
  [{ couponCode: 'SPRING15', percentOff: 15 }, 25],
  [{ couponCode: 'LOYAL20', percentOff: 20 }, 15],
  [{ couponCode: 'SAVE5', euroCentsOff: 500 }, 20],
];

/** The discount of a coupon on an order of `totalCents` in `market`, in integer cents (rounded down). */
export function discountCents(coupon: Coupon, totalCents: number, market: Market): number {
  const off =
    'percentOff' in coupon
      ? Math.floor((totalCents * coupon.percentOff) / 100)
      : Math.round((coupon.euroCentsOff * market.perMilleOfEuro) / 1000);
  return Math.min(off, totalCents);
}

/** Price in a market's currency, in integer cents. */
export function localPriceCents(product: Product, market: Market): number {
  return Math.round((product.priceCents * market.perMilleOfEuro) / 1000);
}
