/** Word lists for the synthetic tenant generator: names, departments, products. Plain data, no logic. */

export const GIVEN_NAMES = [
  'Maria', 'Carlos', 'Ana', 'Pedro', 'Laura', 'Jorge', 'Sofia', 'David', 'Elena', 'Nuria', 'Marc', 'Isabel', 'Javier', 'Lucia', 'Raul',
  'Teresa', 'Pablo', 'Marta', 'Sergio', 'Carmen', 'Alberto', 'Paula', 'Daniel', 'Cristina', 'Miguel', 'Julia', 'Antonio', 'Alba', 'Jordi',
  'Laia', 'Oriol', 'Irene', 'Victor', 'Sara', 'Adrian', 'Noelia', 'Hugo', 'Claudia', 'Ivan', 'Rocio', 'Emma', 'Liam', 'Olivia', 'Noah',
  'Ava', 'Lucas', 'Mia', 'Ethan', 'Chloe', 'Leo', 'Nora', 'Omar', 'Fatima', 'Yusuf', 'Aisha', 'Kenji', 'Yuki', 'Priya', 'Arjun', 'Ines',
];

export const SURNAMES = [
  'Garcia', 'Ruiz', 'Torres', 'Sanchez', 'Martinez', 'Fernandez', 'Moreno', 'Lopez', 'Vidal', 'Soler', 'Puig', 'Castro', 'Romero',
  'Navarro', 'Ortega', 'Gil', 'Rodriguez', 'Gonzalez', 'Perez', 'Gomez', 'Diaz', 'Hernandez', 'Munoz', 'Alvarez', 'Jimenez', 'Serra',
  'Ferrer', 'Roca', 'Costa', 'Pons', 'Vila', 'Font', 'Mas', 'Riera', 'Smith', 'Brown', 'Wilson', 'Taylor', 'Clarke', 'Walker', 'Khan',
  'Patel', 'Singh', 'Tanaka', 'Sato', 'Nakamura', 'Rossi', 'Bianchi', 'Muller', 'Schmidt', 'Dubois', 'Laurent', 'Silva', 'Santos',
];

export const DEPARTMENTS = [
  'Engineering', 'IT Operations', 'IT Security', 'Finance', 'Legal', 'HR', 'Sales', 'Marketing', 'Content Acquisitions',
  'Content Production', 'Broadcasting', 'Media Rights', 'Customer Support', 'Procurement', 'Data & Analytics', 'Facilities',
  'Communications', 'Post-Production', 'Sports Production', 'Executive',
];

export const JOB_TITLES = ['Analyst', 'Specialist', 'Manager', 'Senior Engineer', 'Engineer', 'Coordinator', 'Director', 'Lead', 'Associate', 'Producer', 'Administrator', 'Consultant'];

export const OFFICES = ['Barcelona - Mediapark', 'Madrid - Castellana', 'Doha', 'Mexico City', 'Lisbon', 'London'];

/** Real names of common Microsoft first-party service principals; the rest are generated. */
export const MICROSOFT_APP_NAMES = [
  'Microsoft Teams', 'Microsoft Teams Services', 'Office 365 Management APIs', 'Microsoft Intune', 'Azure Portal', 'Microsoft Azure CLI',
  'Azure Active Directory PowerShell', 'Microsoft Office', 'Office Online', 'OneDrive', 'Microsoft Forms', 'Microsoft Planner',
  'Microsoft Stream Service', 'Skype for Business Online', 'Power BI Service', 'PowerApps Service', 'Dynamics CRM Online',
  'Microsoft To-Do', 'Microsoft Whiteboard Services', 'Yammer', 'Azure Key Vault', 'Windows Azure Service Management API',
  'Microsoft Defender for Cloud Apps', 'Microsoft Information Protection Sync Service', 'Microsoft Graph Change Tracking',
  'Microsoft Exchange Online Protection', 'Office 365 Search Service', 'Substrate Context Service', 'Microsoft Approval Management',
  'Bing', 'Cortana at Work Service', 'Microsoft Mobile Application Management', 'Windows Defender ATP', 'Microsoft Azure Signup Portal',
  'Azure Resource Graph', 'Microsoft.Azure.SyncFabric', 'Office Delve', 'Microsoft Kaizala', 'Sway', 'Microsoft Office Licensing Service',
];

export const MICROSOFT_WORDS = ['Azure', 'Office', 'Teams', 'Exchange', 'Intune', 'Defender', 'Purview', 'Graph', 'Substrate', 'Windows', 'Dynamics', 'Power', 'Viva', 'Entra', 'Loop'];
export const MICROSOFT_SUFFIXES = ['Service', 'Connector', 'Provisioning', 'Insights', 'Sync Fabric', 'Gateway', 'Analytics', 'Portal', 'Compliance', 'Agent', 'Notifications', 'API'];

export const VENDORS: ReadonlyArray<[string, string]> = [
  ['Docuvane Ltd', 'docuvane.com'], ['Zoomcast Inc', 'zoomcast.io'], ['Salesforce', 'salesforce.com'], ['Slack Technologies', 'slack.com'],
  ['Adobe', 'adobe.com'], ['DocuSign', 'docusign.net'], ['Box', 'box.com'], ['Workday', 'workday.com'], ['ServiceNow', 'service-now.com'],
  ['Miro', 'miro.com'], ['Zendesk', 'zendesk.com'], ['Tableau', 'tableau.com'], ['Lucid Software', 'lucid.co'], ['Smartsheet', 'smartsheet.com'],
  ['Frame.io', 'frame.io'], ['Avid', 'avid.com'], ['CrewLink', 'crewlink.io'], ['BroadcastGrid', 'broadcastgrid.net'], ['BoardSync', 'boardsync.io'],
  ['Exalate', 'exalate.net'], ['Tempo', 'tempo.io'], ['Okta', 'okta.com'], ['Snowflake', 'snowflakecomputing.com'], ['Datadog', 'datadoghq.com'],
];

export const APP_PURPOSES = [
  'Jira Connector', 'Reporting Sync', 'Mailbox Reader', 'SharePoint Archiver', 'Teams Bot', 'HR Feed', 'Backup Agent', 'SCIM Provisioner',
  'Invoice Importer', 'Rights Tracker', 'Playout Scheduler', 'Asset Ingest', 'Log Shipper', 'Calendar Sync', 'Ticket Bridge', 'Data Export',
  'Contract Portal', 'Crew Planner', 'Newsroom Feed', 'Metrics Collector',
];

export const PROJECT_WORDS = [
  'Deals', 'Content', 'Broadcast', 'Engineering', 'Platform', 'Playout', 'Graphics', 'Rights', 'Finance', 'Legal', 'Payroll', 'Newsroom',
  'Studio', 'Archive', 'Ingest', 'Mobile', 'Web', 'Data', 'Security', 'Facilities', 'Events', 'Marketing', 'Sales', 'Support', 'Infra',
];

export const EXTERNAL_HOSTS = [
  'hooks.broadcastgrid.net', 'api.crewlink.io', 'hooks.slack.com', 'api.pagerduty.com', 'webhook.site', 'events.zoomcast.io',
  'ingest.datadoghq.com', 'api.smartsheet.com', 'hooks.zapier.com', 'api.frame.io', 'notify.partner-media.tv', 'api.rightsline.com',
];
