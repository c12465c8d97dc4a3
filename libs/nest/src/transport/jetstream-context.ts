import { BaseRpcContext } from '@nestjs/microservices';
import type { Envelope } from '@helios/contracts';
import type { Delivery } from '@helios/kernel';

type JetStreamContextArgs = [subject: string, delivery: Delivery<Envelope>];

/** What an `@EventPattern` handler can ask about the message (`@Ctx() ctx: JetStreamContext`). */
export class JetStreamContext extends BaseRpcContext<JetStreamContextArgs> {
  getSubject(): string {
    return this.args[0];
  }

  /** Stream, sequence, delivery count; settling it by hand (ack / nak / term) overrides the default. */
  getDelivery(): Delivery<Envelope> {
    return this.args[1];
  }
}
