// One foreach item's detail: the item, its output (pretty JSON) and its error, deep-linkable by index.
import type { ForeachItemResult } from '@skill/workflow-model';
import { Link, pathOf } from '../router.js';
import { StatusBadge } from '../states.js';

/** Item `index` of foreach step `stepId`, or a not-found line when it has no result. */
export function ItemDetail({
  executionId,
  stepId,
  index,
  result,
}: {
  executionId: string;
  stepId: string;
  index: number;
  result: ForeachItemResult | undefined;
}) {
  const back = pathOf('executions', executionId, 'steps', stepId);
  return (
    <section className="foreach-item-detail" data-testid="foreach-item-detail" data-index={index}>
      <div className="step-panel-head">
        <h3>
          Item <code>#{index}</code> {result && <StatusBadge status={result.status} />}
        </h3>
        <Link to={back} aria-label="back to the items" className="close" data-testid="foreach-item-close">
          ✕
        </Link>
      </div>
      {result === undefined ? (
        <p className="muted" data-testid="foreach-item-missing">
          No result for item #{index}.
        </p>
      ) : (
        <>
          <h4>Item</h4>
          {result.item === undefined ? (
            <p className="muted">Shown when the step finishes.</p>
          ) : (
            <pre className="json" data-testid="foreach-item-value">
              {JSON.stringify(result.item, null, 2)}
            </pre>
          )}
          {result.output !== undefined && (
            <>
              <h4>Output</h4>
              <pre className="json" data-testid="foreach-item-output">
                {JSON.stringify(result.output, null, 2)}
              </pre>
            </>
          )}
          {result.error !== undefined && (
            <div className="step-error" role="alert">
              <h4>Error</h4>
              <pre data-testid="foreach-item-error">{result.error}</pre>
            </div>
          )}
        </>
      )}
    </section>
  );
}
