/**
 * A finding's detail in a modal dialog, loaded by id through whichever resolver the surface may use
 * (findings/get on the admin page, project/finding on the project page). Escape or Close closes it and focus
 * returns to the row that opened it.
 */
import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import type { Envelope, Finding, FindingDetail as Detail } from '../../api/types';
import type { ResourceInfo } from '../AccessChain/AccessChain';
import { FindingDetail, type FindingActions } from '../FindingDetail/FindingDetail';
import { Loading } from '../Loading/Loading';
import { Refusal } from '../Refusal/Refusal';

export function FindingModal({ id, load, onClose, actions, resourceInfo, onChanged }: {
  id: string;
  load: (id: string) => Promise<Envelope<Detail>>;
  onClose: () => void;
  actions?: FindingActions;
  resourceInfo?: ReadonlyMap<string, ResourceInfo>;
  onChanged?: (finding: Finding) => void;
}) {
  const [state, setState] = useState<Envelope<Detail> | null>(null);
  useEffect(() => {
    let live = true;
    setState(null);
    void load(id).then((result) => live && setState(result));
    return () => {
      live = false;
    };
  }, [id, load]);
  const title = state?.ok ? state.data.check.title : 'Finding';
  return (
    <Modal onClose={onClose} width="x-large" label={title} testId="finding-modal" shouldScrollInViewport>
      <ModalHeader>
        <ModalTitle>{title}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        {state === null ? (
          <Loading label="Loading the finding" />
        ) : state.ok ? (
          <FindingDetail detail={state.data} actions={actions} resourceInfo={resourceInfo} onChanged={onChanged} showTitle={false} />
        ) : (
          <Refusal error={state.error} />
        )}
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose} testId="finding-modal-close">
          Close
        </Button>
      </ModalFooter>
    </Modal>
  );
}
