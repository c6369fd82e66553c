import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancellationTokenSource, LSPErrorCodes, ResponseError, type Diagnostic } from 'vscode-languageserver';
import { DiagnosticsScheduler, StaleDiagnostics } from '../../server/diagnosticsScheduler';
import { runSafe } from '../../server/runSafe';

describe('server plumbing', () => {
  describe('runSafe', () => {
    const logged: string[] = [];
    const log = { error: (message: string) => logged.push(message) };

    it('answers a cancelled request with RequestCancelled without running it', async () => {
      const source = new CancellationTokenSource();
      source.cancel();
      let ran = false;
      const result = await runSafe(log, 'hover', source.token, null, () => {
        ran = true;
        return 'x';
      });
      assert.ok(result instanceof ResponseError);
      assert.equal(result.code, LSPErrorCodes.RequestCancelled);
      assert.equal(ran, false);
    });

    it('logs a failing handler and answers its fallback, sync or async', async () => {
      const token = new CancellationTokenSource().token;
      assert.deepEqual(await runSafe(log, 'symbols', token, [], () => { throw new Error('boom'); }), []);
      assert.equal(await runSafe(log, 'hover', token, null, async () => Promise.reject(new TypeError('bad'))), null);
      assert.match(logged[0] ?? '', /^symbols failed: Error: boom/);
      assert.match(logged[1] ?? '', /^hover failed: TypeError: bad/);
    });

    it('passes a ResponseError through, for messages meant for the user', async () => {
      const refusal = new ResponseError(LSPErrorCodes.RequestFailed, 'no');
      assert.equal(await runSafe(log, 'rename', new CancellationTokenSource().token, null, () => { throw refusal; }), refusal);
    });
  });

  describe('the diagnostics scheduler', () => {
    /** A scheduler over a mutable "current document", recording computations and publications. */
    function fixture(compute: (document: TextDocument) => Promise<Diagnostic[]> = async () => []) {
      let current = TextDocument.create('file:///a.json', 'json', 1, '{}');
      const computed: number[] = [];
      const published: { version: number; resolve?: () => void }[] = [];
      let onPublish: (() => void) | undefined;
      const scheduler = new DiagnosticsScheduler(
        async (document) => {
          computed.push(document.version);
          return compute(document);
        },
        (_uri, version) => {
          published.push({ version });
          onPublish?.();
        },
        () => current,
        () => 0,
        { error: () => undefined },
      );
      return {
        scheduler,
        computed,
        published,
        edit(version: number) {
          current = TextDocument.create('file:///a.json', 'json', version, `{"v": ${version}}`);
          return current;
        },
        nextPublish: () => new Promise<void>((resolve) => (onPublish = resolve)),
      };
    }

    it('debounces edits: only the last version of a burst is computed and published', async () => {
      const f = fixture();
      const published = f.nextPublish();
      for (const version of [2, 3, 4]) f.scheduler.schedule(f.edit(version));
      await published;
      assert.deepEqual(f.computed, [4]);
      assert.deepEqual(f.published.map((p) => p.version), [4]);
    });

    it('computes a version at most once, for push and pull alike', async () => {
      const f = fixture();
      const document = f.edit(2);
      const published = f.nextPublish();
      f.scheduler.schedule(document);
      await published;
      await f.scheduler.diagnostics(document);
      await f.scheduler.diagnostics(document);
      assert.deepEqual(f.computed, [2]);
      f.scheduler.invalidate();
      await f.scheduler.diagnostics(document);
      assert.deepEqual(f.computed, [2, 2], 'new settings compute the same version again');
    });

    it('publishes nothing for a version an edit made stale', async () => {
      let release: () => void = () => undefined;
      let started: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const computing = new Promise<void>((resolve) => (started = resolve));
      const f = fixture(async (document) => {
        if (document.version === 2) {
          started();
          await gate;
          throw new StaleDiagnostics();
        }
        return [];
      });
      const published = f.nextPublish();
      f.scheduler.schedule(f.edit(2));
      // Once version 2 is being computed, version 3 arrives.
      await computing;
      f.scheduler.schedule(f.edit(3));
      release();
      await published;
      assert.deepEqual(f.published.map((p) => p.version), [3]);
      assert.deepEqual(f.computed, [2, 3]);
    });
  });
});
