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

/**
 * A service principal that co-owns a flow: `people:owner:sp/<tenantId>/<objectId>`. The same scheme the Entra app
 * owners use for a service principal owning an app (src/sources/owner-ids.ts, `ownerIdForEntraServicePrincipal`
 * once that lands there), so an application that owns both an app and a flow is one owner node.
 */
export const ownerIdForEntraServicePrincipal = (tenantId: string, objectId: string) => nodeId('people', 'owner', 'sp', tenantId, objectId);

/** A flow's e-mail destination: one per recipient domain (`run-time` for recipients set by an expression). */
export const flowEmailEgressId = (environmentName: string, flowName: string, domain: string) => nodeId('powerautomate', 'connection', environmentName, flowName, 'email', domain);
/** A flow's third-party connector destination: one per connector and destination host. */
export const flowConnectorEgressId = (environmentName: string, flowName: string, connector: string, host: string | undefined) =>
  nodeId('powerautomate', 'connection', environmentName, flowName, 'connector', connector, ...(host ? [host] : []));

/** A Copilot Studio agent (Dataverse bot) of an environment. The `bot` segment keeps it apart from a flow's id. */
export const copilotAgentWorkloadId = (environmentName: string, botId: string) => nodeId('powerautomate', 'workload', environmentName, 'bot', botId);
export const agentConversationsEvidenceId = (environmentName: string, botId: string) => nodeId('powerautomate', 'execution_evidence', environmentName, 'bot', botId, 'conversations');
