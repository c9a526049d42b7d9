// GET /events: server-sent events for administrators, replay after Last-Event-ID.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Credentials, type Harness, startHarness } from '../../test/harness.js';

function basic(who: Credentials): string {
  return `Basic ${Buffer.from(`${who.username}:${who.password}`).toString('base64')}`;
}

/** Reads server-sent events until `count` data messages arrived. */
async function readEvents(response: Response, count: number): Promise<{ id: number; data: Record<string, unknown> }[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const out: { id: number; data: Record<string, unknown> }[] = [];
  while (out.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    let end = text.indexOf('\n\n');
    while (end >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const id = /^id: (\d+)$/m.exec(block);
      const data = /^data: (.*)$/m.exec(block);
      if (id && data) out.push({ id: Number(id[1]), data: JSON.parse(data[1]!) });
      end = text.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return out;
}

describe('/events', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  test('streams events as SSE to administrators and replays after Last-Event-ID', async () => {
    const denied = await fetch(`${h.url}/review/events`, { headers: { authorization: basic(h.demo) } });
    assert.equal(denied.status, 403);
    assert.equal(await denied.text(), 'stream events not permitted\n');
    assert.equal((await fetch(`${h.url}/review/events`)).status, 401);

    const stream = await fetch(`${h.url}/review/events`, { headers: { authorization: basic(h.admin) } });
    assert.equal(stream.status, 200);
    assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reading = readEvents(stream, 2);
    await h.createProject('cinder');
    await h.call(h.admin, 'PUT', '/projects/cinder/branches/stable', {});
    const events = await reading;
    assert.deepEqual(
      events.map((e) => e.data.type),
      ['project-created', 'ref-updated'],
    );

    const replay = await fetch(`${h.url}/review/events`, {
      headers: { authorization: basic(h.admin), 'last-event-id': String(events[0]!.id) },
    });
    const replayed = await readEvents(replay, 1);
    assert.equal(replayed[0]!.id, events[1]!.id, 'only what came after the given id');
    assert.equal((replayed[0]!.data.refUpdate as Record<string, unknown>).refName, 'refs/heads/stable');
  });
});
