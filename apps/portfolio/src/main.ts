import { runServiceProcess } from '@helios/nest';
import { portfolioService } from './portfolio-service';

void runServiceProcess(portfolioService);
