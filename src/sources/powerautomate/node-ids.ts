/** Graph ids of Power Automate objects (docs/graph-mapping.md "Power Automate"), shared by the entity modules. */
import { nodeId } from '../../model/schema';

export const flowWorkloadId = (environmentName: string, flowName: string) => nodeId('powerautomate', 'workload', environmentName, flowName);
export const connectionNodeId = (environmentName: string, connectionName: string) => nodeId('powerautomate', 'connection', environmentName, connectionName);
export const connectionCredentialId = (environmentName: string, connectionName: string) => nodeId('powerautomate', 'credential', environmentName, connectionName);
export const httpActionConnectionId = (environmentName: string, flowName: string, actionName: string) =>
  nodeId('powerautomate', 'connection', environmentName, flowName, 'http', actionName);
export const httpActionCredentialId = (environmentName: string, flowName: string, actionName: string) =>
  nodeId('powerautomate', 'credential', environmentName, flowName, 'http', actionName);
export const flowRunsEvidenceId = (environmentName: string, flowName: string) => nodeId('powerautomate', 'execution_evidence', environmentName, flowName, 'runs');
