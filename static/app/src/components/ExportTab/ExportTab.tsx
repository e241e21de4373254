/**
 * Findings and the access review as CSV or JSON. Findings here are every open one; the Findings tab exports exactly
 * what its filters show. CSV opens in a spreadsheet (UTF-8 with a byte-order mark); JSON has the scan CLI's shape.
 */
import Heading from '@atlaskit/heading';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import { exportAccessReview } from '../../api/exportAccessReview';
import { exportFindings } from '../../api/exportFindings';
import type { ExportFile } from '../../api/types';
import type { SaveOutcome } from '../../download';
import { ExportButtons } from '../ExportButtons/ExportButtons';

const cardStyles = xcss({ backgroundColor: 'elevation.surface.raised', boxShadow: 'elevation.shadow.raised', borderRadius: 'radius.large', padding: 'space.200' });

export function ExportTab({ save }: { save?: (file: ExportFile, fromUserClick: boolean) => SaveOutcome }) {
  return (
    <Stack space="space.200" testId="export">
      <Box as="section" aria-labelledby="export-findings" xcss={cardStyles}>
        <Stack space="space.100">
          <Heading size="small" as="h2" id="export-findings">
            Findings
          </Heading>
          <Text as="p" color="color.text.subtle">
            Every open finding: severity, check, subject, systems, owners (and who left), summary, ticket. To export a filtered list, use Export on the Findings tab.
          </Text>
          <ExportButtons id="findings" noun="finding" run={(format) => exportFindings(format)} save={save} />
        </Stack>
      </Box>
      <Box as="section" aria-labelledby="export-review" xcss={cardStyles}>
        <Stack space="space.100">
          <Heading size="small" as="h2" id="export-review">
            Access review
          </Heading>
          <Text as="p" color="color.text.subtle">
            Who and what can reach each Jira project, and how: people, groups, non-human identities and workloads.
          </Text>
          <ExportButtons id="access-review" noun="row" run={(format) => exportAccessReview(format)} save={save} />
        </Stack>
      </Box>
    </Stack>
  );
}
