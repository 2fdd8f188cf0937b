// Sub-workflow links of the execution page: the breadcrumb of a child to its parent, and the step panel's links to
// the child executions a `workflow` step started (kept current while the step runs).
import type { ChildLink, ExecutionRecord } from '@skill/workflow-model';
import { api } from '../api.js';
import { Link, pathOf } from '../router.js';
import { StatusBadge } from '../states.js';
import { useResource } from '../use-resource.js';

/** `Executions / <parent> / step <step> /` above a sub-workflow execution's title. */
export function ParentCrumb({ parent }: { parent: NonNullable<ExecutionRecord['parent']> }) {
  return (
    <span data-testid="parent-crumb">
      <Link to={pathOf('executions', parent.execution_id)}>parent {parent.execution_id.slice(0, 8)}</Link> /{' '}
      <Link to={pathOf('executions', parent.execution_id, 'steps', parent.step)}>step {parent.step}</Link> /{' '}
    </span>
  );
}

/**
 * The child executions of `record`: those its record lists, re-read from the API whenever one of its `workflow`
 * steps changes status (a child starts while the page is open).
 */
export function useChildren(record: ExecutionRecord | undefined): ChildLink[] {
  const workflowSteps = (record?.definition?.steps ?? []).filter((step) => step.step_type === 'workflow');
  const signature = workflowSteps.map((step) => `${step.id}:${record?.steps[step.id]?.status ?? 'pending'}`).join(',');
  const id = record?.id ?? '';
  const loaded = useResource(`execution-children:${id}:${signature}`, async () =>
    signature === '' ? [] : ((await api.getExecution(id)).children ?? []),
  );
  return loaded.data ?? record?.children ?? [];
}

/** Links to the child executions step `stepId` started (each retry starts one), newest last. */
export function ChildLinks({ stepId, links }: { stepId: string; links: readonly ChildLink[] }) {
  const mine = links.filter((child) => child.step === stepId || child.step.endsWith(`.${stepId}`));
  if (mine.length === 0) return null;
  return (
    <>
      <dt>{mine.length === 1 ? 'sub-workflow' : 'sub-workflows'}</dt>
      <dd data-testid="step-children">
        {mine.map((child) => (
          <div key={child.execution_id}>
            <Link to={pathOf('executions', child.execution_id)} data-testid="step-child-link">
              {child.workflow_name} <code>{child.execution_id.slice(0, 8)}</code>
            </Link>{' '}
            <StatusBadge status={child.status} />
          </div>
        ))}
      </dd>
    </>
  );
}
