import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findNodeAtOffset, getNodePath, parseTree, type JSONPath } from 'jsonc-parser';
import {
  getLanguageService,
  TextDocument,
  type Diagnostic,
  type JSONSchema,
  type MarkupContent,
  type MarkedString,
} from 'vscode-json-languageservice';

// out/test/schema.test.js -> <repo>/schemas/release-flow.schema.json
const SCHEMA_PATH = path.join(__dirname, '../../../schemas/release-flow.schema.json');
const SCHEMA_URI = 'https://release-flow-studio.dev/schemas/release-flow.schema.json';

type Schema = JSONSchema & { definitions: Record<string, JSONSchema> };
const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as Schema;

const ls = getLanguageService({});
ls.configure({ validate: true, allowComments: false, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*.json'], schema }] });

let docCounter = 0;
function makeDoc(text: string): TextDocument {
  docCounter += 1;
  return TextDocument.create(`file:///schema-test/flow-${docCounter}.json`, 'json', 1, text);
}

async function validate(text: string): Promise<Diagnostic[]> {
  const doc = makeDoc(text);
  return ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error' });
}

/** JSON path of the node a diagnostic starts at (a property key reports the property's path). */
function pathAt(text: string, offset: number): JSONPath {
  const root = parseTree(text);
  assert.ok(root, 'document parses');
  const node = findNodeAtOffset(root, offset, true);
  assert.ok(node, `a node at offset ${offset}`);
  return getNodePath(node);
}

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

interface Found {
  message: string;
  path: JSONPath;
  text: string;
}

async function diagnose(value: unknown): Promise<Found[]> {
  const text = JSON.stringify(value, null, 2);
  const doc = makeDoc(text);
  const diags = await ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error' });
  return diags.map((d) => {
    const start = doc.offsetAt(d.range.start);
    return { message: messageOf(d), path: pathAt(text, start), text: text.slice(start, doc.offsetAt(d.range.end)) };
  });
}

function hoverText(contents: MarkupContent | MarkedString | MarkedString[]): string {
  if (Array.isArray(contents)) return contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
  return typeof contents === 'string' ? contents : contents.value;
}

/** Wraps steps in the smallest complete flow. */
function flowWith(steps: unknown[], top: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1.2', ...top, spec: { kind: 'Workflow', spec: { type: 'sequential', steps } } };
}

const REALISTIC = {
  $schema: SCHEMA_URI,
  apiVersion: 'v1.2',
  arguments: {
    RELEASE_BRANCH: 'main',
    RELEASE_SHA: '',
    NOTIFY: true,
    REPLICAS: 2,
    EXTRA: { region: 'europe-west' },
  },
  options: { concurrencyPolicy: 'queue', paused: false },
  triggers: [
    {
      ref: 'main-push',
      vcsService: 'github',
      accountLogin: 'example-org',
      repoUrl: 'https://github.com/example-org/shop',
      branchRestrictions: ['main', 'release/*'],
      prRestrictions: ['*'],
      pathIgnoreRules: ['*.md', 'docs/**'],
      isAllowList: false,
      ciIgnoreFlagsEnabled: true,
      ciIgnoreFlags: ['[skip ci]', '[nf skip]'],
      ignoreDrafts: true,
    },
  ],
  gitops: {
    vcsService: 'github',
    accountLogin: 'example-org',
    repoUrl: 'https://github.com/example-org/shop',
    branch: 'main',
    filePath: '/release/production.json',
  },
  richInputs: [
    {
      kind: 'BranchCommitSelector',
      spec: {
        title: 'Select branch & commit',
        description: 'Branch and commit to build and deploy.',
        required: false,
        inputs: { source: 'shop-builder' },
        outputs: { branch: 'RELEASE_BRANCH', buildSha: 'RELEASE_SHA' },
      },
    },
    {
      kind: 'BuildSelector',
      spec: {
        title: 'Select build',
        inputs: { source: 'shop-builder' },
        outputs: { branch: 'PIN_BRANCH', buildId: 'PIN_BUILD_ID', buildSha: 'PIN_SHA' },
      },
    },
  ],
  spec: {
    kind: 'Workflow',
    spec: {
      type: 'sequential',
      context: { projectId: 'shop' },
      steps: [
        {
          kind: 'AddonBackup',
          ref: 'backup',
          spec: { addonId: 'shop-db-prod', backupType: 'snapshot', compressionType: 'zstd' },
          condition: 'success',
        },
        {
          kind: 'Condition',
          ref: 'backup-done',
          spec: {
            kind: 'AddonBackup',
            spec: { type: 'success', data: { addonId: 'shop-db-prod', backupId: '${refs.backup.id}' } },
          },
        },
        {
          kind: 'Build',
          ref: 'build',
          spec: {
            id: 'shop-builder',
            type: 'service',
            branch: '${args.RELEASE_BRANCH}',
            sha: '${refs.main-push.sha}',
            reuseExistingBuilds: true,
            buildRuleFallThroughHandling: 'fail',
            buildOverrides: {
              buildArguments: { NODE_ENV: 'production' },
              docker: { dockerFilePath: '/Dockerfile', dockerWorkDir: '/' },
            },
          },
          condition: 'success',
        },
        {
          kind: 'Workflow',
          ref: 'deploy',
          spec: {
            type: 'parallel',
            steps: [
              {
                kind: 'Release',
                ref: 'deploy-api',
                spec: {
                  type: 'build',
                  origin: { id: 'shop-builder', branch: '${refs.build.branch}', build: '${refs.build.id}' },
                  target: { id: 'shop-api-prod', type: 'service' },
                },
                condition: 'running',
                timeoutDuration: 900,
              },
              {
                kind: 'Release',
                ref: 'promote-migrate',
                spec: {
                  type: 'deployment',
                  origin: { id: 'shop-migrate-staging', type: 'job' },
                  target: { id: 'shop-migrate-prod', type: 'job' },
                },
                condition: 'running',
              },
            ],
          },
        },
        {
          kind: 'JobRun',
          ref: 'migrate',
          spec: {
            jobId: 'shop-migrate-prod',
            runtimeEnvironment: { BACKUP_ID: '${refs.backup.id}' },
            billing: { deploymentPlan: 'nf-compute-20' },
          },
        },
        {
          kind: 'Condition',
          ref: 'migrate-done',
          spec: {
            kind: 'JobRun',
            spec: { type: 'success', data: { jobId: 'shop-migrate-prod', runId: '${refs.migrate.id}' } },
          },
        },
        {
          kind: 'Condition',
          ref: 'api-running',
          spec: {
            kind: 'Service',
            spec: { type: 'running', data: { serviceId: 'shop-api-prod', timeoutDuration: 600 } },
          },
        },
        {
          kind: 'Action',
          ref: 'restart-worker',
          skipNodeExecution: '${fn.eq(args.NOTIFY, false)}',
          spec: {
            kind: 'Service',
            spec: { type: 'restart', data: { serviceId: 'shop-worker-prod', timeoutDuration: 300 }, condition: 'running' },
          },
        },
        {
          kind: 'Message',
          ref: 'notify',
          skipNodeExecution: 'false',
          spec: {
            kind: 'SLACK',
            spec: { integrationInternalId: 'shop-releases', message: 'Released ${refs.build.sha} to production.' },
          },
        },
      ],
    },
  },
};

describe('release-flow.schema.json', () => {
  describe('schema file', () => {
    it('is draft-07 with the published $id', () => {
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.equal(schema.$id, SCHEMA_URI);
      assert.equal(typeof schema.title, 'string');
      assert.equal(typeof schema.description, 'string');
      assert.equal(schema.additionalProperties, false);
    });

    it('has a description on every property (outside if-conditions) and only JavaScript-compilable patterns', () => {
      const missing: string[] = [];
      const badPatterns: string[] = [];
      const walk = (value: unknown, where: string): void => {
        if (Array.isArray(value)) {
          value.forEach((item, i) => walk(item, `${where}/${i}`));
          return;
        }
        if (!value || typeof value !== 'object') return;
        const node = value as Record<string, unknown>;
        if (typeof node.pattern === 'string') {
          const p = node.pattern;
          let ok = true;
          try {
            new RegExp(p, 'u');
          } catch {
            try {
              new RegExp(p);
            } catch {
              ok = false;
            }
          }
          if (!ok) badPatterns.push(`${where}: ${p}`);
        }
        const props = node.properties;
        if (props && typeof props === 'object' && !Array.isArray(props)) {
          for (const [name, sub] of Object.entries(props as Record<string, unknown>)) {
            const s = sub as Record<string, unknown>;
            if (typeof s.description !== 'string' && typeof s.markdownDescription !== 'string') {
              missing.push(`${where}/properties/${name}`);
            }
          }
        }
        for (const [key, sub] of Object.entries(node)) {
          // `if` schemas are discriminator tests, not property definitions; they stay
          // undescribed so their text does not leak into hovers.
          if (key === 'if') continue;
          walk(sub, `${where}/${key}`);
        }
      };
      walk(schema, '#');
      assert.deepEqual(missing, []);
      assert.deepEqual(badPatterns, []);
    });

    it('defines node.<Kind> for every node kind, each described', () => {
      const kind = (schema.definitions.node?.properties?.kind ?? {}) as JSONSchema & { enumDescriptions?: string[] };
      const kinds = kind.enum as string[];
      for (const k of ['Workflow', 'Release', 'Build', 'JobRun', 'AddonBackup', 'Action', 'Condition', 'Message']) {
        assert.ok(kinds.includes(k), `kind ${k}`);
      }
      assert.equal(kind.enumDescriptions?.length, kinds.length);
      assert.equal(kind.markdownEnumDescriptions?.length, kinds.length);
      for (const k of kinds) {
        const def = schema.definitions[`node.${k}`];
        assert.ok(def, `definitions/node.${k}`);
        assert.equal(def.additionalProperties, false, `node.${k} is closed`);
        assert.deepEqual((def.properties?.kind as JSONSchema).enum, [k]);
      }
      // Discrimination is by if/then, never by a oneOf/anyOf over kinds.
      assert.equal(schema.definitions.node?.oneOf, undefined);
      assert.equal(schema.definitions.node?.anyOf, undefined);
      assert.equal(schema.definitions.node?.allOf?.length, kinds.length);
    });
  });

  describe('validation', () => {
    it('accepts a realistic flow with zero diagnostics', async () => {
      const diags = await validate(JSON.stringify(REALISTIC, null, 2));
      assert.deepEqual(diags.map(messageOf), []);
    });

    it('accepts argumentOverrides, teardownSpec and an empty workflow', async () => {
      const found = await diagnose(
        flowWith([], {
          argumentOverrides: { API_TOKEN: 'placeholder' },
          teardownSpec: { spec: { kind: 'OpenTofuDestroy', spec: { nodeRef: 'infra' } }, failurePolicy: 'ignore' },
        }),
      );
      assert.deepEqual(found, []);
    });

    it('reports a misspelt workflow type at spec.spec.type', async () => {
      const found = await diagnose({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequentail', steps: [] } } });
      assert.deepEqual(found, [
        { message: 'Value is not accepted. Valid values: "sequential", "parallel".', path: ['spec', 'spec', 'type'], text: '"sequentail"' },
      ]);
    });

    it('reports an unknown node kind once, at the kind', async () => {
      const found = await diagnose(flowWith([{ kind: 'Relase', spec: {} }]));
      assert.equal(found.length, 1);
      assert.deepEqual(found[0]?.path, ['spec', 'spec', 'steps', 0, 'kind']);
      assert.match(found[0]?.message ?? '', /^Value is not accepted\. Valid values: .*"Release"/);
    });

    it('reports a missing required field at its parent', async () => {
      const found = await diagnose(flowWith([{ kind: 'Build', spec: { id: 'shop-builder', branch: 'main' } }]));
      assert.deepEqual(found, [{ message: 'Missing property "type".', path: ['spec', 'spec', 'steps', 0, 'spec'], text: '"spec"' }]);
    });

    it('reports an unknown property inside a Release spec, and only that', async () => {
      const release = {
        kind: 'Release',
        spec: { type: 'deployment', origin: { id: 'api-staging', type: 'service' }, target: { id: 'api-prod', type: 'service' }, image: 'x' },
      };
      const found = await diagnose(flowWith([release]));
      assert.deepEqual(found, [{ message: 'Property image is not allowed.', path: ['spec', 'spec', 'steps', 0, 'spec', 'image'], text: '"image"' }]);
    });

    it('checks origin against the Release type', async () => {
      const release = { kind: 'Release', spec: { type: 'build', origin: { id: 'api-staging', type: 'service' } } };
      const found = await diagnose(flowWith([release]));
      assert.deepEqual(found, [
        { message: 'Property type is not allowed.', path: ['spec', 'spec', 'steps', 0, 'spec', 'origin', 'type'], text: '"type"' },
      ]);
    });

    it('reports an out-of-range timeout', async () => {
      const release = { kind: 'Release', spec: { type: 'deployment', origin: { id: 'a1', type: 'job' } }, condition: 'running', timeoutDuration: 10 };
      const found = await diagnose(flowWith([release]));
      assert.deepEqual(found, [{ message: 'Value is below the minimum of 30.', path: ['spec', 'spec', 'steps', 0, 'timeoutDuration'], text: '10' }]);
      const tooLong = await diagnose(flowWith([{ ...release, timeoutDuration: 20000 }]));
      assert.deepEqual(tooLong.map((f) => f.message), ['Value is above the maximum of 14400.']);
    });

    it('gives Condition and Action timeouts no range (the reference documents one for the Release node only), but whole seconds', async () => {
      const condition = { kind: 'Condition', spec: { kind: 'Service', spec: { type: 'running', data: { serviceId: 'api', timeoutDuration: 10 } } } };
      const action = { kind: 'Action', spec: { kind: 'Addon', spec: { type: 'restart', data: { addonId: 'db', timeoutDuration: 20000 }, condition: 'running' } } };
      assert.deepEqual(await diagnose(flowWith([condition, action])), []);
      const fraction = await diagnose(flowWith([{ ...condition, spec: { kind: 'Service', spec: { type: 'running', data: { serviceId: 'api', timeoutDuration: 10.5 } } } }]));
      assert.equal(fraction.length, 1);
    });

    it('reports a gitops filePath that does not match the pattern', async () => {
      const gitops = { vcsService: 'github', repoUrl: 'https://github.com/example-org/shop', branch: 'main', filePath: 'release.json' };
      const found = await diagnose(flowWith([], { gitops }));
      assert.equal(found.length, 1);
      assert.deepEqual(found[0]?.path, ['gitops', 'filePath']);
      assert.match(found[0]?.message ?? '', /^String does not match the pattern of /);
    });

    it('reports a literal ID that breaks its pattern even though expressions are allowed there', async () => {
      const found = await diagnose(flowWith([{ kind: 'AddonBackup', spec: { addonId: 'shop db' } }]));
      assert.deepEqual(found, [
        { message: 'String does not match the pattern of "^[A-Za-z0-9-]+$".', path: ['spec', 'spec', 'steps', 0, 'spec', 'addonId'], text: '"shop db"' },
      ]);
    });

    it('rejects platform state at the top level', async () => {
      const found = await diagnose(flowWith([], { status: 'success' }));
      assert.deepEqual(found, [{ message: 'Property status is not allowed.', path: ['status'], text: '"status"' }]);
    });

    it('rejects a root node that is not a Workflow', async () => {
      const found = await diagnose({ apiVersion: 'v1.2', spec: { kind: 'Release', spec: { type: 'sequential', steps: [] } } });
      assert.deepEqual(found, [{ message: 'Value is not accepted. Valid values: "Workflow".', path: ['spec', 'kind'], text: '"Release"' }]);
    });

    it('checks Action and Condition inner specs by kind and type', async () => {
      const found = await diagnose(
        flowWith([
          { kind: 'Action', spec: { kind: 'Service', spec: { type: 'execute', data: { serviceId: 'api' }, condition: 'running' } } },
          { kind: 'Condition', spec: { kind: 'Build', spec: { type: 'running', data: { buildId: '${refs.build.id}' } } } },
        ]),
      );
      assert.deepEqual(found, [
        { message: 'Missing property "command".', path: ['spec', 'spec', 'steps', 0, 'spec', 'spec', 'data'], text: '"data"' },
        { message: 'Property condition is not allowed.', path: ['spec', 'spec', 'steps', 0, 'spec', 'spec', 'condition'], text: '"condition"' },
        { message: 'Value is not accepted. Valid values: "success".', path: ['spec', 'spec', 'steps', 1, 'spec', 'spec', 'type'], text: '"running"' },
      ]);
    });
  });

  describe('${...} expressions', () => {
    it('are accepted where a literal integer or enum is expected', async () => {
      const found = await diagnose(
        flowWith([
          { kind: 'Release', spec: { type: 'build', target: { id: '${args.TARGET}', type: '${args.TARGET_TYPE}' } }, condition: 'running', timeoutDuration: '${args.TIMEOUT}' },
          { kind: 'AddonBackup', spec: { addonId: '${args.DB}', compressionType: '${args.COMPRESSION}' } },
          { kind: 'Build', spec: { id: 'shop-builder', type: 'service', pullRequestId: '${refs.pr.pullRequestId}' } },
          { kind: 'Condition', spec: { kind: 'Service', spec: { type: 'running', data: { serviceId: 'shop-api', timeoutDuration: '${fn.multiply(args.MINUTES, 60)}' } } } },
          { kind: 'JobRun', skipNodeExecution: '${fn.not(args.MIGRATE)}', spec: { jobId: 'shop-migrate', runtimeEnvironment: '${refs.env.values}' } },
        ]),
      );
      assert.deepEqual(found, []);
    });

    it('do not make a plain string valid where an integer is expected', async () => {
      const found = await diagnose(flowWith([{ kind: 'Release', spec: { type: 'build' }, timeoutDuration: 'ten minutes' }]));
      assert.equal(found.length, 1);
      assert.deepEqual(found[0]?.path, ['spec', 'spec', 'steps', 0, 'timeoutDuration']);
    });
  });

  describe('editor features', () => {
    it('completes node kinds at "kind": ""', async () => {
      const text = JSON.stringify(flowWith([{ kind: '' }]), null, 2);
      const offset = text.indexOf('"kind": ""') + '"kind": "'.length;
      const doc = makeDoc(text);
      const list = await ls.doComplete(doc, doc.positionAt(offset), ls.parseJSONDocument(doc));
      assert.ok(list, 'a completion list');
      const labels = list.items.map((i) => i.label.replace(/^"|"$/g, ''));
      for (const k of ['Release', 'Workflow', 'Condition', 'JobRun', 'AddonBackup']) assert.ok(labels.includes(k), `completion ${k} in ${labels.join(',')}`);
      const release = list.items.find((i) => i.label.replace(/^"|"$/g, '') === 'Release');
      assert.ok(release?.documentation, 'Release completion is documented');
    });

    it('shows the property description on hover', async () => {
      const text = JSON.stringify(flowWith([{ kind: 'AddonBackup', spec: { addonId: 'db', backupType: 'dump' } }]), null, 2);
      const offset = text.indexOf('"backupType"') + 2;
      const doc = makeDoc(text);
      const hover = await ls.doHover(doc, doc.positionAt(offset), ls.parseJSONDocument(doc));
      assert.ok(hover, 'a hover');
      const spec = schema.definitions['node.AddonBackup']?.properties?.spec as JSONSchema;
      const expected = (spec.properties?.backupType as JSONSchema).description;
      assert.ok(expected);
      // Hover text is Markdown: punctuation comes back escaped.
      const shown = hoverText(hover.contents).replace(/\\([\\`*_{}[\]()#+\-.!<>|])/g, '$1');
      assert.ok(shown.includes(expected), shown);
    });
  });
});
