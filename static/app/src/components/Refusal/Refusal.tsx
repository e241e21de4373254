import SectionMessage from '@atlaskit/section-message';

const TITLES: Record<string, string> = {
  FORBIDDEN: 'You do not have access',
  NOT_FOUND: 'Not found',
  INVALID_INPUT: 'That was not accepted',
  UNAVAILABLE: 'The app could not be reached',
};

/** What a resolver refused (`ok: false`), in its own words: never a blank page. */
export function Refusal({ error, title }: { error: { code: string; message: string }; title?: string }) {
  return (
    <SectionMessage appearance={error.code === 'FORBIDDEN' ? 'warning' : 'error'} title={title ?? TITLES[error.code] ?? 'Something went wrong'} testId="refusal">
      <p>{error.message}</p>
    </SectionMessage>
  );
}
