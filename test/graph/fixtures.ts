/** Fixtures shared by the graph's unit tests and the browser tests. */

/** Names a hostile or careless file might carry. */
export const PAYLOADS = [
  '<script>window.__pwned = 1</script>',
  '"><img src=x onerror="window.__pwned=1">',
  "'><svg onload=window.__pwned=1>",
  'R&D <b>bold</b> & "quoted"',
];

export function hostileFlow(): string {
  return JSON.stringify({
    apiVersion: 'v1.2',
    arguments: { [PAYLOADS[3]!]: 'x' },
    triggers: [{ ref: PAYLOADS[2], branchRestrictions: ['<main>'] }],
    spec: {
      kind: 'Workflow',
      ref: PAYLOADS[3],
      spec: {
        type: 'sequential',
        steps: [
          { kind: 'Build', ref: PAYLOADS[0], spec: { id: PAYLOADS[1], branch: '</text><script>alert(1)</script>' } },
          { kind: 'Build', ref: 'plain', spec: { id: 'builder' } },
          { kind: 'JobRun', ref: PAYLOADS[1], spec: { jobId: `\${refs.plain.id}`, runtimeEnvironment: { X: `\${refs.${PAYLOADS[0]}.id}` } } },
          { kind: PAYLOADS[0], ref: 'odd\u0001control\uFFFEchars', spec: {} },
        ],
      },
    },
  }, null, 2);
}
