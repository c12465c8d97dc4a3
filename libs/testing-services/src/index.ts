export * from './service-fixture';
