/**
 * What an identity or workload of the inventory can reach, and through what: its blast radius in Jira's dialog,
 * with its open findings (each opens in the dialog's place).
 */
import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { closeDialog } from '../../api/bridge';
import { getInventoryReach } from '../../api/getInventoryReach';
import type { Envelope, InventoryReach } from '../../api/types';
import { BlastRadius } from '../BlastRadius/BlastRadius';
import { Loading } from '../Loading/Loading';
import { Refusal } from '../Refusal/Refusal';

export function ReachDialog({ id, name }: { id: string; name: string }) {
  const [state, setState] = useState<Envelope<InventoryReach> | null>(null);
  useEffect(() => {
    let live = true;
    void getInventoryReach(id).then((result) => live && setState(result));
    return () => {
      live = false;
    };
  }, [id]);
  return (
    <Box xcss={xcss({ padding: 'space.300' })} testId="reach-dialog">
      <Stack space="space.150">
        <Inline spread="space-between" alignBlock="start" space="space.200">
          <Heading size="large" as="h1">
            {`What ${name} can reach`}
          </Heading>
          <Button appearance="subtle" onClick={() => void closeDialog({})} testId="dialog-close">
            Close
          </Button>
        </Inline>
        {state === null ? (
          <Loading label="Loading what it can reach" />
        ) : !state.ok ? (
          <Refusal error={state.error} />
        ) : (
          <Stack space="space.200">
            {state.data.findingIds.length > 0 && (
              <Inline space="space.100" alignBlock="center" shouldWrap testId="reach-findings">
                <Text>{`${state.data.findingIds.length} open finding${state.data.findingIds.length === 1 ? '' : 's'}:`}</Text>
                {state.data.findingIds.map((findingId) => (
                  <Button key={findingId} spacing="compact" onClick={() => void closeDialog({ openFinding: findingId })}>
                    {findingId}
                  </Button>
                ))}
              </Inline>
            )}
            {state.data.blast ? (
              <BlastRadius radius={state.data.blast} label={`Everything ${name} can reach, and through what`} />
            ) : (
              <Text as="p">The last scan recorded no reach for it: it is not an identity or workload that acts on its own.</Text>
            )}
          </Stack>
        )}
      </Stack>
    </Box>
  );
}
