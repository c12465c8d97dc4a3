import { runRiskGate } from './run-risk-gate';

void runRiskGate();
