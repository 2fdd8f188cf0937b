// The Run form, generated from a workflow's declared inputs; validates before POSTing an async execute.
import type { InputDefinition } from '@skill/workflow-model';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api.js';
import { navigate, pathOf } from '../router.js';
import { type FieldTexts, initialText, readInputs } from './run-form-values.js';

/** One typed form field (an input of the Run form, a field of an approval's form); ids start with `idPrefix`. */
export function Field({
  name,
  input,
  text,
  error,
  onChange,
  idPrefix = 'input',
}: {
  name: string;
  input: InputDefinition;
  text: string;
  error: string | undefined;
  onChange: (text: string) => void;
  idPrefix?: string;
}) {
  const id = `${idPrefix}-${name}`;
  const common = {
    id,
    name,
    'data-testid': id,
    'aria-invalid': error !== undefined,
    'aria-describedby': error !== undefined ? `${id}-error` : undefined,
  };
  let control: React.ReactNode;
  if (input.enum) {
    control = (
      <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
        {!input.required || input.default === undefined ? <option value="">—</option> : null}
        {input.enum.map((v) => (
          <option key={String(v)} value={String(v)}>
            {String(v)}
          </option>
        ))}
      </select>
    );
  } else if (input.type === 'boolean') {
    control = (
      <input
        {...common}
        type="checkbox"
        checked={text === 'true'}
        onChange={(e) => onChange(String(e.target.checked))}
      />
    );
  } else if (input.type === 'array' || input.type === 'object') {
    control = <textarea {...common} rows={3} value={text} onChange={(e) => onChange(e.target.value)} />;
  } else {
    control = (
      <input
        {...common}
        type={input.type === 'string' ? 'text' : 'number'}
        step={input.type === 'integer' ? 1 : 'any'}
        value={text}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        <code>{name}</code> <span className="muted">{input.type}</span>
        {input.required && <span className="required"> required</span>}
      </label>
      {input.description && <p className="field-help muted">{input.description}</p>}
      {control}
      {error && (
        <p className="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {name} {error}
        </p>
      )}
    </div>
  );
}

/** The Run form of workflow `name`; on success, goes to the new execution's page. */
export function RunForm({ name, inputs }: { name: string; inputs: Record<string, InputDefinition> }) {
  const [texts, setTexts] = useState<FieldTexts>(() =>
    Object.fromEntries(Object.entries(inputs).map(([key, input]) => [key, initialText(input)])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitError, setSubmitError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const entries = Object.entries(inputs);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const { values, errors: found } = readInputs(inputs, texts);
    setErrors(found);
    setSubmitError(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const started = await api.execute(name, values);
      navigate(pathOf('executions', started.execution_id));
    } catch (error) {
      setSubmitError(error instanceof ApiError ? `${error.code}: ${error.message}` : String(error));
      setBusy(false);
    }
  };

  return (
    <form className="run-form" onSubmit={onSubmit} noValidate data-testid="run-form">
      {entries.length === 0 && <p className="muted">This workflow declares no inputs.</p>}
      {entries.map(([key, input]) => (
        <Field
          key={key}
          name={key}
          input={input}
          text={texts[key] ?? ''}
          error={errors[key]}
          onChange={(text) => {
            setTexts((old) => ({ ...old, [key]: text }));
            setErrors(({ [key]: _, ...rest }) => rest);
          }}
        />
      ))}
      {submitError && (
        <p className="field-error" role="alert" data-testid="run-error">
          {submitError}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy} data-testid="run-submit">
        {busy ? 'Starting…' : 'Run'}
      </button>
    </form>
  );
}
