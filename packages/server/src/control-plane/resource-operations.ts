/**
 * The read/update/delete/enable/disable operations that trust anchors, profiles and CRLs share:
 * look the record up by id (404 when absent), change it atomically with a fresh `updatedAt`,
 * and answer with the detail structure under the resource's wire key.
 */
import { notFound } from '@anchorage/core/errors';
import type { Collection, Store } from '@anchorage/store/port';
import { isoTime, type OperationContext } from './context.ts';

interface Resource {
  readonly id: string;
  readonly updatedAt: string;
  readonly enabled: boolean;
}

export interface ResourceOperations<R extends Resource> {
  require(ctx: OperationContext, id: string): Promise<R>;
  get(ctx: OperationContext, id: string): Promise<object>;
  update(ctx: OperationContext, id: string, change: (current: R) => Partial<R>): Promise<object>;
  delete(ctx: OperationContext, id: string): Promise<object>;
  setEnabled(ctx: OperationContext, id: string, enabled: boolean): Promise<object>;
}

export function resourceOperations<R extends Resource>(
  collection: (store: Store) => Collection<R>,
  wireKey: string,
  render: (record: R) => object,
  label: string,
): ResourceOperations<R> {
  const answer = (record: R) => ({ [wireKey]: render(record) });
  const missing = () => notFound(`${label} not found`);
  const require = async (ctx: OperationContext, id: string) => {
    const record = await collection(ctx.store).get(id);
    if (record === undefined) throw missing();
    return record;
  };
  const update = async (ctx: OperationContext, id: string, change: (current: R) => Partial<R>) => {
    const updated = await collection(ctx.store).update(id, (current) => ({
      ...current,
      ...change(current),
      updatedAt: isoTime(ctx.now),
    }));
    if (updated === undefined) throw missing();
    return answer(updated);
  };
  return {
    require,
    update,
    get: async (ctx, id) => answer(await require(ctx, id)),
    async delete(ctx, id) {
      const deleted = await collection(ctx.store).delete(id);
      if (deleted === undefined) throw missing();
      return answer(deleted);
    },
    setEnabled: (ctx, id, enabled) => update(ctx, id, () => ({ enabled }) as Partial<R>),
  };
}
