/** The `$id` of the release-flow schema: what a flow's `"$schema"` names to get it. */
export const SCHEMA_ID = 'https://release-flow-studio.dev/schemas/release-flow.schema.json';
