import { runServiceProcess } from '@helios/nest';
import { indicatorsService } from './indicators-service';

void runServiceProcess(indicatorsService);
