import { centsToMoneyText, type LineItem, type Order } from '@org/order-schema';
import {
  CHANNEL_WEIGHTS,
  type Coupon,
  discountCents,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  localPriceCents,
  MARKET_WEIGHTS,
  type Market,
  PRODUCTS,
} from './catalog';
import { isoTimestamp } from './iso-timestamp';
import { SeededRandom } from './seeded-random';

/** A customer: where they live decides the currency they pay in. */
export interface Customer {
  readonly customerId: string;
  readonly customerEmail: string;
  readonly market: Market;
}

const LINE_COUNT_WEIGHTS = [
  [1, 50],
  [2, 28],
  [3, 14],
  [4, 8],
] as const;
const QUANTITY_WEIGHTS = [
  [1, 72],
  [2, 20],
  [3, 8],
] as const;

/**
 * Places new orders: picks a customer (returning customers are more likely), a channel and 1–4
 * distinct products, and computes the total exactly in integer cents. An order placed with a coupon
 * carries `couponCode` and `discountTotal`; `orderTotal` stays the sum of the lines (before the
 * discount), so the customer pays `orderTotal - discountTotal`.
 */
export class Shop {
  private readonly customerCache = new Map<number, Customer>();

  public constructor(
    private readonly seed: string,
    private readonly customerCount: number,
  ) {}

  /** Customer `index` (0-based) is derived from the seed alone, so it is the same in every order. */
  public customerAt(index: number): Customer {
    const cached = this.customerCache.get(index);
    if (cached !== undefined) return cached;
    const random = new SeededRandom(`${this.seed}/customer/${index}`);
    const number = index + 1;
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const customer: Customer = {
      customerId: `cus-${String(number).padStart(5, '0')}`,
      customerEmail: `${first}.${last}${number}@${random.pick(EMAIL_DOMAINS)}`,
      market: random.pickWeighted(MARKET_WEIGHTS),
    };
    if (this.customerCache.size < 100_000) this.customerCache.set(index, customer);
    return customer;
  }

  public placeOrder(random: SeededRandom, orderId: string, atMs: number, coupon?: Coupon): Order {
    // Squaring skews the pick towards low indexes: a few customers order often, most rarely.
    const roll = random.next();
    const customer = this.customerAt(Math.floor(roll * roll * this.customerCount));
    const lineCount = random.pickWeighted(LINE_COUNT_WEIGHTS);
    const items: LineItem[] = [];
    const chosen = new Set<number>();
    let totalCents = 0;
    while (items.length < lineCount) {
      const productIndex = random.int(0, PRODUCTS.length - 1);
      if (chosen.has(productIndex)) continue;
      chosen.add(productIndex);
      const product = PRODUCTS[productIndex]!;
      const quantity = random.pickWeighted(QUANTITY_WEIGHTS);
      const unitCents = localPriceCents(product, customer.market);
      totalCents += quantity * unitCents;
      items.push({
        sku: product.sku,
        productName: product.productName,
        category: product.category,
        quantity,
        unitPrice: centsToMoneyText(unitCents),
      });
    }
    const createdAt = isoTimestamp(atMs);
    return {
      orderId,
      customerId: customer.customerId,
      customerEmail: customer.customerEmail,
      status: 'PLACED',
      currency: customer.market.currency,
      items,
      orderTotal: centsToMoneyText(totalCents),
      channel: random.pickWeighted(CHANNEL_WEIGHTS),
      country: customer.market.country,
      createdAt,
      updatedAt: createdAt,
      version: 1,
      ...(coupon === undefined
        ? {}
        : {
            couponCode: coupon.couponCode,
            discountTotal: centsToMoneyText(discountCents(coupon, totalCents, customer.market)),
          }),
    };
  }
}
