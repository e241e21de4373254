/**
 * Webhook URLs carry secrets in their paths and queries, headers carry tokens: what the app keeps is the scheme, the
 * host and a redacted path, and the names that say a request authenticates.
 */
import { REDACTED, redactSecrets, redactText, redactUrl } from '../../src/shared/redact';
import { toRequestTarget } from '../../src/sources/automation/request-target';

describe('redactUrl', () => {
  it.each([
    ['Slack', 'https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/XyZsecretSlackToken123abc', 'https://hooks.slack.com/services/[redacted]'],
    [
      'Teams incoming webhook',
      'https://contoso.webhook.office.com/webhookb2/0f8fad5b-d9cb-469f-a165-70867728950e@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/5c0f5ab1e4c94c7c9f2d1f1a8b9c6d7e/b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
      'https://contoso.webhook.office.com/webhookb2/[redacted]',
    ],
    ['legacy Teams', 'https://outlook.office.com/webhook/0f8fad5b-d9cb-469f-a165-70867728950e/IncomingWebhook/abc', 'https://outlook.office.com/webhook/[redacted]'],
    ['Discord', 'https://discord.com/api/webhooks/123456789012345678/discordSecretTokenAbc123def456', 'https://discord.com/api/webhooks/[redacted]'],
    ['Zapier', 'https://hooks.zapier.com/hooks/catch/1234567/abcde12/', 'https://hooks.zapier.com/hooks/catch/[redacted]'],
    ['IFTTT', 'https://maker.ifttt.com/trigger/deploy/with/key/dK9sEcReTkEy1234567', 'https://maker.ifttt.com/trigger/[redacted]'],
    ['Telegram', 'https://api.telegram.org/bot123456:AAHsecretBotToken_abcdefg/sendMessage', 'https://api.telegram.org/[redacted]'],
    [
      'Logic Apps sig',
      'https://prod-27.westeurope.logic.azure.com:443/workflows/5706e103c2a118e14bb8c08df98446f8/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=qaD5Cj7GMBLk1hHNGc9EY5Th44ExeJD3AYKonZcb_3g',
      'https://prod-27.westeurope.logic.azure.com:443/workflows/[redacted]/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=[redacted]',
    ],
    ['Functions key', 'https://fn.azurewebsites.net/api/hook?code=abcDEF123==&clientId=default', 'https://fn.azurewebsites.net/api/hook?code=[redacted]&clientId=default'],
    ['user-info', 'https://svc:hunter2@ci.example.com/job/build', 'https://[redacted]@ci.example.com/job/build'],
    ['Mattermost', 'https://chat.example.org/hooks/xo9k2mf8r7gq3c5yp1z4', 'https://chat.example.org/hooks/[redacted]'],
    ['generic token segment', 'https://api.vendor.io/v1/ingest/AbCdEf0123456789xyzTOKEN', 'https://api.vendor.io/v1/ingest/[redacted]'],
  ])('%s', (_name, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('leaves ordinary destinations readable', () => {
    for (const url of ['https://api.crewlink.io/v2/tenants/mediapro/assignments', 'https://reports.mediapro.tv/api/v2/sprint-reports', 'https://mediapro.atlassian.net/rest/api/3/project/10010/role/10002']) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('leaves templates alone: they hold nothing until run time', () => {
    expect(redactUrl('{{webhookUrl}}/x')).toBe('{{webhookUrl}}/x');
    expect(redactUrl("https://@{variables('host')}/path?sig=abc")).toBe("https://@{variables('host')}/path?sig=abc");
  });
});

describe('redactSecrets', () => {
  it('redacts URLs in any string, credential fields and secret headers, keeping names and references', () => {
    const rule = {
      name: 'Notify',
      components: [
        {
          type: 'jira.issue.outgoing.webhook',
          value: {
            url: 'https://hooks.slack.com/services/T1/B2/SlackSecret123abc',
            headers: [
              { name: 'Authorization', value: { keyOrValue: 'Bearer sk_live_secretBearerValue987', secret: false } },
              { name: 'X-Api-Key', value: 'k3y-s3cr3t-value' },
              { name: 'Content-Type', value: { keyOrValue: 'application/json', secret: false } },
              { name: 'Authorization', value: '{{secrets.crewToken}}' },
            ],
            customBody: 'see https://discord.com/api/webhooks/1/DiscordSecret99 for details',
          },
        },
      ],
      authentication: { type: 'Basic', username: 'svc', password: 'hunter2' },
    };
    const redacted = redactSecrets(rule);
    const text = JSON.stringify(redacted);
    for (const secret of ['SlackSecret123abc', 'sk_live_secretBearerValue987', 'k3y-s3cr3t-value', 'DiscordSecret99', 'hunter2']) expect(text).not.toContain(secret);
    expect(text).toContain('Bearer [redacted]');
    expect(text).toContain('{{secrets.crewToken}}');
    expect(text).toContain('application/json');
    expect(text).toContain('"username":"svc"');
    // What the checks read still says the request authenticates.
    const value = (redacted.components[0] as { value: { url: string } }).value;
    expect(toRequestTarget(value.url).host).toBe('hooks.slack.com');
  });

  it('gives back the same object when there is nothing secret, so unchanged records stay identical', () => {
    const record = { id: 'u-1', displayName: 'Maria', mail: 'maria@example.com', enabled: true, tags: ['a'] };
    expect(redactSecrets(record)).toBe(record);
  });

  it('reduces an auth-scheme value to its scheme', () => {
    expect(redactText('Basic c3ZjOmh1bnRlcjI=')).toBe(`Basic ${REDACTED}`);
  });
});

describe('toRequestTarget', () => {
  it('keeps only a redacted path of a webhook URL', () => {
    expect(toRequestTarget('https://hooks.slack.com/services/T1/B2/SlackSecret123abc').url).toBe('https://hooks.slack.com/services/[redacted]');
  });
});
