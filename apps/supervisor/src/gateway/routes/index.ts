// Every route group the gateway serves, mounted by the server and described by the OpenAPI document.
// One import per group file: add a new group here (and nowhere else).
import type { Route } from '../route';
import { healthRoutes } from './health';
import { servicesRoutes } from './services';
import { strategiesRoutes } from './strategies';
import { configRoutes } from './config';
import { ordersRoutes } from './orders';
import { riskRoutes } from './risk';
import { haltRoutes } from './halt';
import { systemRoutes } from './system';
import { dlqRoutes } from './dlq';
import { instrumentsRoutes } from './instruments';
// Runs, backtests and data files (the builder's groups): add their imports here.
import { runsRoutes } from './runs';
import { backtestsRoutes } from './backtests';
import { dataFilesRoutes } from './data-files';

export const ROUTE_GROUPS: Record<string, Route[]> = {
  health: healthRoutes,
  services: servicesRoutes,
  strategies: strategiesRoutes,
  config: configRoutes,
  orders: ordersRoutes,
  risk: riskRoutes,
  halt: haltRoutes,
  system: systemRoutes,
  dlq: dlqRoutes,
  instruments: instrumentsRoutes,
  runs: runsRoutes,
  backtests: backtestsRoutes,
  'data-files': dataFilesRoutes,
};

export const ALL_ROUTES: Route[] = Object.values(ROUTE_GROUPS).flat();
