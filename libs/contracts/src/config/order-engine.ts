import { Type, type Static } from 'typebox';
import { ID_PATTERN } from '../primitives';

/** The order engine's configuration (KV `helios-config` key `service.order-engine`); resolved in libs/domain/orders. */
const Positive = (description: string) => Type.Number({ exclusiveMinimum: 0, description });
const IdKey = () => Type.String({ pattern: ID_PATTERN });

export const OrdersConfigSchema = Type.Object(
  {
    account: Type.Optional(Type.String({ pattern: ID_PATTERN, minLength: 1, maxLength: 64, description: 'The one trading account orders go to.' })),
    src: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    defaultLotSize: Type.Optional(Positive('Lot size of instruments not listed in lotSizes.')),
    lotSizes: Type.Optional(Type.Record(IdKey(), Positive('Lot size of the instrument.'), { additionalProperties: false })),
    initialCapital: Type.Optional(Positive('Cash of every strategy before its first fill, unless listed in strategies.')),
    strategies: Type.Optional(
      Type.Record(IdKey(), Type.Object({ initialCapital: Positive('Cash of the strategy before its first fill.') }, { additionalProperties: false }), {
        additionalProperties: false,
      }),
    ),
    retainTerminalOrders: Type.Optional(Type.Integer({ minimum: 0, description: 'Finished orders kept to recognise late events.' })),
    maxAnomalies: Type.Optional(Type.Integer({ minimum: 1, description: 'Most recent anomalies kept in the state.' })),
  },
  { additionalProperties: false },
);
export type OrdersConfigInput = Static<typeof OrdersConfigSchema>;
