import { runServiceProcess } from '@helios/nest';
import { orderEngineService } from './order-engine-service';

void runServiceProcess(orderEngineService);
