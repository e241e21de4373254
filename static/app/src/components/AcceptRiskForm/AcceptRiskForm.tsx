/**
 * Accept a finding's risk until a date, with a justification. Both are required; the date must be in the future.
 * Errors are shown beside the field they concern and announced.
 */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import DatePicker from '@atlaskit/datetime-picker/date-picker';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import TextArea from '@atlaskit/textarea';

export interface AcceptRiskValues {
  until: string;
  justification: string;
}

export function validateAcceptRisk(values: AcceptRiskValues, today: string): Partial<Record<keyof AcceptRiskValues, string>> {
  const errors: Partial<Record<keyof AcceptRiskValues, string>> = {};
  if (!values.until) errors.until = 'Choose the date until which the risk is accepted.';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(values.until)) errors.until = 'Enter the date as YYYY-MM-DD.';
  else if (values.until <= today) errors.until = 'The date must be after today.';
  if (!values.justification.trim()) errors.justification = 'Say why the risk is acceptable: the justification is required.';
  else if (values.justification.length > 2000) errors.justification = 'Keep the justification under 2,000 characters.';
  return errors;
}

export function AcceptRiskForm({ onSubmit, onCancel, busy, today = new Date().toISOString().slice(0, 10) }: {
  onSubmit: (values: AcceptRiskValues) => void;
  onCancel: () => void;
  busy?: boolean;
  today?: string;
}) {
  const [values, setValues] = useState<AcceptRiskValues>({ until: '', justification: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof AcceptRiskValues, string>>>({});
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found = validateAcceptRisk(values, today);
    setErrors(found);
    if (Object.keys(found).length === 0) onSubmit({ until: values.until, justification: values.justification.trim() });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Accept risk" data-testid="accept-risk-form">
      <div style={{ display: 'flex', flexDirection: 'column', gap: 12, maxWidth: 480 }}>
        <div>
          <Label htmlFor="accept-risk-until">Accept the risk until</Label>
          <DatePicker
            id="accept-risk-until"
            value={values.until}
            minDate={today}
            onChange={(until) => setValues((v) => ({ ...v, until }))}
            isInvalid={Boolean(errors.until)}
            dateFormat="YYYY-MM-DD"
            placeholder="YYYY-MM-DD"
            testId="accept-risk-until"
            clearControlLabel="Clear the date"
            shouldShowCalendarButton
            openCalendarLabel="Open the calendar"
          />
          {errors.until ? <ErrorMessage testId="accept-risk-until-error">{errors.until}</ErrorMessage> : <HelperMessage>The finding reopens on this date.</HelperMessage>}
        </div>
        <div>
          <Label htmlFor="accept-risk-justification">Justification</Label>
          <TextArea
            id="accept-risk-justification"
            value={values.justification}
            onChange={(e) => setValues((v) => ({ ...v, justification: e.currentTarget.value }))}
            isInvalid={Boolean(errors.justification)}
            minimumRows={3}
            maxLength={2000}
            testId="accept-risk-justification"
          />
          {errors.justification && <ErrorMessage testId="accept-risk-justification-error">{errors.justification}</ErrorMessage>}
        </div>
        <div style={{ display: 'flex', gap: 8 }}>
          <Button type="submit" appearance="warning" isLoading={busy} testId="accept-risk-submit">
            Accept risk
          </Button>
          <Button appearance="subtle" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </div>
    </form>
  );
}
