// The generated workflow the engine benches load: `count` no-op steps, wide (no edges) or a chain.

/** TOML text of `count` steps of type `noop`, wide (max_parallel 64) or chained (each depends on the previous). */
export function workflowText(count, shape, prefix = 'overhead') {
  const lines = [
    'version = "1"',
    `name = "${prefix}-${shape}-${count}"`,
    '[config]',
    `max_parallel = ${shape === 'wide' ? 64 : 1}`,
    `max_total_steps = ${count}`,
  ];
  for (let i = 0; i < count; i++) {
    lines.push('[[steps]]', `id = "s${i}"`, 'step_type = "noop"');
    if (shape === 'chain' && i > 0) lines.push(`depends_on = ["s${i - 1}"]`);
  }
  return `${lines.join('\n')}\n`;
}
