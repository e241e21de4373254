/**
 * Kept for importers of the first slice (src/forge/sync-sources.ts): the service principals extractor now lives in
 * service-principals.ts, one file per Entra entity.
 */
export { GRAPH_MAX_PAGE_SIZE, SERVICE_PRINCIPAL_FIELDS, fetchServicePrincipals, servicePrincipalSchema, type ServicePrincipal } from './service-principals';
