// Forge handler entry points (manifest.yml `handler: index.<name>`); each lives in src/forge/.
export { adminResolver } from './forge/resolvers/admin';
export { projectResolver } from './forge/resolvers/project';
export { issueResolver } from './forge/resolvers/issue';
export { hourlySyncTrigger, syncTrigger, syncWatchdog } from './forge/sync-trigger';
export { syncConsumer } from './forge/sync-consumer';
