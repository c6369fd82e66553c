import * as assert from 'node:assert/strict';
import type { CommandIo } from '../../cli/io';
import { platformWaits } from '../../cli/progress';

const quietIo = (): CommandIo => ({ out: () => undefined, err: () => undefined, cwd: process.cwd() });

describe('the waiting line of platform requests', () => {
  it('is drawn once a request goes unanswered, and erased when the answer comes', async () => {
    const drawn: string[] = [];
    let firstDraw = (): void => undefined;
    const shown = new Promise<void>((resolve) => (firstDraw = resolve));
    const io: CommandIo = { ...quietIo(), progress: (text) => (drawn.push(text), firstDraw()) };
    const waits = platformWaits(io, 5);
    assert.ok(waits);
    const answered = waits('get the release flow');
    await shown;
    answered();
    assert.match(drawn[0] ?? '', /^\r\x1b\[Kwaiting for the platform to get the release flow… \d+ s$/);
    assert.equal(drawn.at(-1), '\r\x1b[K', 'erased at the answer');
  });

  it('draws nothing for a request answered in time, and nothing off a terminal', () => {
    const drawn: string[] = [];
    const waits = platformWaits({ ...quietIo(), progress: (text) => drawn.push(text) });
    waits?.('list runs')();
    assert.deepEqual(drawn, []);
    assert.equal(platformWaits(quietIo()), undefined);
  });
});
