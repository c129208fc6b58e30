/**
 * The priority gate of the warehouse wrapper (src/warehouse/query.ts): one parameterised statement
 * at a time in the embedded engine, ingestion's statements before queued reads, and a bounded wait
 * for those that must not queue behind a long read (issue 15, reads never starve writes).
 */
import { describe, expect, it } from 'vitest';
import { createPriorityGate, WarehouseBusyError } from '../../src/warehouse/query.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('priority gate', () => {
  it('grants one turn at a time; a waiting write goes before every waiting read, in arrival order within a priority', async () => {
    const gate = createPriorityGate();
    const order: string[] = [];
    let active = 0;
    let maxActive = 0;
    const take = (priority: 'read' | 'write', name: string) =>
      gate.acquire(priority).then(async (release) => {
        maxActive = Math.max(maxActive, ++active);
        order.push(name);
        await tick(); // hold the turn a moment
        active--;
        release();
      });
    const releaseFirst = await gate.acquire('read');
    const all = [take('read', 'read 2'), take('read', 'read 3'), take('write', 'write 1'), take('write', 'write 2')];
    await tick();
    expect(order).toEqual([]);
    releaseFirst();
    releaseFirst(); // releasing twice frees one turn only
    await Promise.all(all);
    expect(maxActive).toBe(1);
    expect(order).toEqual(['write 1', 'write 2', 'read 2', 'read 3']);
  });

  it('a bounded wait gives up with WarehouseBusyError and leaves the queue; the next waiter still gets its turn', async () => {
    const gate = createPriorityGate();
    const release = await gate.acquire('read');
    const gaveUp = gate.acquire('write', 30);
    const later = gate.acquire('read');
    await expect(gaveUp).rejects.toBeInstanceOf(WarehouseBusyError);
    release();
    const releaseLater = await later;
    releaseLater();
    // Free again: an immediate turn.
    (await gate.acquire('write', 1))();
  });
});
