import Spinner from '@atlaskit/spinner';

/** A centred spinner with a label for assistive technology. */
export function Loading({ label }: { label: string }) {
  return (
    <div role="status" aria-live="polite" style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '24px 0' }}>
      <Spinner size="medium" label={label} />
      <span>{label}</span>
    </div>
  );
}
