import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus metrics of one service instance, on a registry of its own (several services can
 * share a process in tests and development), labelled with service and instance.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly eventsIn: Counter<'stream'>;
  readonly eventsOut: Counter;
  readonly duplicates: Counter<'stream'>;
  readonly deadLetters: Counter<'reason'>;
  readonly handling: Histogram;
  readonly lag: Gauge<'stream'>;
  readonly up: Gauge;

  constructor(service: string, instance: string) {
    this.registry.setDefaultLabels({ service, instance });
    const registers = [this.registry];
    this.eventsIn = new Counter({ name: 'helios_events_in_total', help: 'Input events applied', labelNames: ['stream'], registers });
    this.eventsOut = new Counter({ name: 'helios_events_out_total', help: 'Output events published', registers });
    this.duplicates = new Counter({
      name: 'helios_events_duplicate_total',
      help: 'Deliveries skipped because their input was already applied (redeliveries after a restart)',
      labelNames: ['stream'],
      registers,
    });
    this.deadLetters = new Counter({ name: 'helios_dead_letters_total', help: 'Messages sent to the dead-letter subject', labelNames: ['reason'], registers });
    this.handling = new Histogram({
      name: 'helios_handling_seconds',
      help: 'Time from taking an input to having its outputs stored and its state applied',
      buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.lag = new Gauge({ name: 'helios_consumer_lag', help: 'Messages pending on the durable consumer (num_pending)', labelNames: ['stream'], registers });
    this.up = new Gauge({ name: 'helios_service_up', help: '1 while connected and consuming', registers });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
