import { Type, type Static } from 'typebox';
import type { Problem } from '../issues';
import { Finite, Id, Instrument, NonNegative, payloadOptions, Positive, requiredOnlyWhen, Side, Text, Token } from '../primitives';

const ClientOrderId = () => Id('Idempotent client order id.');
const Account = () => Id('Trading account.');

export const OrderNewSchema = Type.Object(
  {
    account: Account(),
    clientOrderId: ClientOrderId(),
    instrument: Instrument(),
    side: Side(),
    type: Type.Enum(['market', 'limit']),
    qty: Type.Optional(Positive('Order quantity, always positive; `side` gives the direction.')),
    quoteQty: Type.Optional(
      Positive('Market orders only: the amount of quote currency to trade; the venue sizes the order at execution.'),
    ),
    limitPrice: Type.Optional(Positive('Required for limit orders, absent for market orders.')),
    timeInForce: Type.Optional(Type.Enum(['GTC', 'IOC', 'FOK'])),
    strategyId: Type.Optional(Id()),
  },
  payloadOptions('order.new', 1, 'An order sent to a gateway.', requiredOnlyWhen('type', 'limit', 'limitPrice')),
);
type OrderNewFields = Static<typeof OrderNewSchema>;

/** An order states its size once: in units (`qty`), or for a market order in quote currency (`quoteQty`). */
export function orderSizeProblems(p: { type: string; qty?: number; quoteQty?: number }): Problem[] {
  if ((p.qty === undefined) === (p.quoteQty === undefined)) {
    return [{ path: '', rule: 'qtyXorQuoteQty', detail: 'an order gives exactly one of qty and quoteQty' }];
  }
  if (p.quoteQty !== undefined && p.type !== 'market') {
    return [{ path: '/quoteQty', rule: 'marketOnly', detail: 'quoteQty is for market orders only' }];
  }
  return [];
}
/** The schema's if/then/else made visible to the compiler: limitPrice exactly on limit orders. */
export type OrderNewPayload = Omit<OrderNewFields, 'type' | 'limitPrice' | 'qty' | 'quoteQty'> &
  (
    | { type: 'market'; limitPrice?: undefined; qty: number; quoteQty?: undefined }
    | { type: 'market'; limitPrice?: undefined; qty?: undefined; quoteQty: number }
    | { type: 'limit'; limitPrice: number; qty: number; quoteQty?: undefined }
  );

export const OrderAckSchema = Type.Object(
  { account: Account(), clientOrderId: ClientOrderId(), exchangeOrderId: Text(128) },
  payloadOptions('order.ack', 1, 'The gateway accepted an order.'),
);
export type OrderAckPayload = Static<typeof OrderAckSchema>;

export const OrderFillSchema = Type.Object(
  {
    account: Account(),
    clientOrderId: ClientOrderId(),
    fillId: Text(128, 'Unique per fill within the account.'),
    instrument: Instrument(),
    side: Side(),
    qty: Positive(),
    price: Positive(),
    fee: Finite('Fee charged; negative for a rebate.'),
    feeCurrency: Type.Optional(Token()),
    liquidity: Type.Enum(['maker', 'taker']),
    remainingQty: NonNegative('Quantity of the order still open after this fill.'),
    strategyId: Type.Optional(Id('The strategy whose order this fills, copied from the order.')),
  },
  payloadOptions('order.fill', 1, 'An execution, full or partial.'),
);
export type OrderFillPayload = Static<typeof OrderFillSchema>;

export const OrderCancelSchema = Type.Object(
  { account: Account(), clientOrderId: ClientOrderId(), reason: Type.Optional(Text()) },
  payloadOptions('order.cancel', 1, 'An order was cancelled (by request, expiry or the venue).'),
);
export type OrderCancelPayload = Static<typeof OrderCancelSchema>;

export const OrderRejectSchema = Type.Object(
  { account: Account(), clientOrderId: ClientOrderId(), reason: Text() },
  payloadOptions('order.reject', 1, 'The gateway refused an order.'),
);
export type OrderRejectPayload = Static<typeof OrderRejectSchema>;
