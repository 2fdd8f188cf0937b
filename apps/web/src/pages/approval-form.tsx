// The decision form of a waiting approval step: its message, deadline and typed fields, a comment, Approve and Reject.
import type { InputDefinition, StepWait } from '@skill/workflow-model';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api.js';
import { formatTime } from '../states.js';
import { Field } from './run-form.js';
import { type FieldTexts, initialText, readInputs } from './run-form-values.js';

/** What a waiting step's record says it waits for (its `metadata.waiting`). */
export function waitOf(metadata: Record<string, unknown> | undefined): StepWait | undefined {
  const waiting = metadata?.waiting;
  return waiting !== null && typeof waiting === 'object' ? (waiting as StepWait) : undefined;
}

/** The form of approval `stepId`; the execution's live events show the result once the engine goes on. */
export function ApprovalForm({ executionId, stepId, wait }: { executionId: string; stepId: string; wait: StepWait }) {
  const fields = (wait.fields ?? {}) as Record<string, InputDefinition>;
  const [texts, setTexts] = useState<FieldTexts>(() =>
    Object.fromEntries(Object.entries(fields).map(([key, input]) => [key, initialText(input)])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);

  const decide = async (decision: 'approve' | 'reject') => {
    setOutcome(undefined);
    let values: Record<string, unknown> | undefined;
    if (decision === 'approve') {
      const read = readInputs(fields, texts);
      setErrors(read.errors);
      if (Object.keys(read.errors).length > 0) return;
      values = read.values;
    }
    setBusy(true);
    try {
      const recorded = await api.decide(executionId, stepId, decision, {
        ...(values ? { fields: values } : {}),
        ...(comment.trim() ? { comment } : {}),
      });
      setOutcome({ ok: true, text: `${recorded.decision} by ${recorded.decided_by}` });
    } catch (error) {
      setOutcome({ ok: false, text: error instanceof ApiError ? `${error.code}: ${error.message}` : String(error) });
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void decide('approve');
  };

  return (
    <form className="approval-form run-form" onSubmit={onSubmit} noValidate data-testid="approval-form">
      <h3>Waiting for approval</h3>
      {wait.message && (
        <p className="approval-message" data-testid="approval-message">
          {wait.message}
        </p>
      )}
      {wait.until && (
        <p className="muted" data-testid="approval-deadline">
          {wait.on_timeout === 'approve' ? 'Approved' : 'Rejected'} automatically at {formatTime(wait.until)}
        </p>
      )}
      {Object.entries(fields).map(([key, input]) => (
        <Field
          key={key}
          name={key}
          input={input}
          idPrefix="approval-field"
          text={texts[key] ?? ''}
          error={errors[key]}
          onChange={(text) => {
            setTexts((old) => ({ ...old, [key]: text }));
            setErrors(({ [key]: _, ...rest }) => rest);
          }}
        />
      ))}
      <div className="field">
        <label htmlFor="approval-comment">Comment</label>
        <textarea
          id="approval-comment"
          data-testid="approval-comment"
          rows={2}
          maxLength={10_000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      {outcome && (
        <p
          className={outcome.ok ? 'muted' : 'field-error'}
          role={outcome.ok ? 'status' : 'alert'}
          data-testid="approval-outcome"
        >
          {outcome.text}
        </p>
      )}
      <div className="approval-buttons">
        <button type="submit" className="primary" disabled={busy} data-testid="approve-step">
          Approve
        </button>
        <button type="button" disabled={busy} onClick={() => void decide('reject')} data-testid="reject-step">
          Reject
        </button>
      </div>
    </form>
  );
}
