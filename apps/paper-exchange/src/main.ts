import { runServiceProcess } from '@helios/nest';
import { paperExchangeService } from './paper-exchange-service';

void runServiceProcess(paperExchangeService);
