import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InProcessBus } from './in-process-bus.js';

test('delivers to every subscriber of a topic and none after unsubscribe', async () => {
  const bus = new InProcessBus();
  const seen: string[] = [];
  const off = bus.subscribe<string>('a', (m) => {
    seen.push(`1:${m.payload}`);
  });
  bus.subscribe<string>('a', (m) => {
    seen.push(`2:${m.payload}`);
  });
  bus.subscribe<string>('b', () => {
    seen.push('wrong topic');
  });
  await bus.publish('a', 'x');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen.sort(), ['1:x', '2:x']);
  off();
  await bus.publish('a', 'y');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen.sort(), ['1:x', '2:x', '2:y']);
  await bus.close();
});

test('a failing handler is reported and does not stop the others', async () => {
  const errors: unknown[] = [];
  const bus = new InProcessBus((err) => errors.push(err));
  let delivered = 0;
  bus.subscribe('t', () => {
    throw new Error('boom');
  });
  bus.subscribe('t', () => {
    delivered++;
  });
  await bus.publish('t', {});
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(delivered, 1);
  assert.equal(errors.length, 1);
});
