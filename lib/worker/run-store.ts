// A lab's run survives a reload: it is kept in IndexedDB per lab and replayed by the worker.
// Runs are small (inputs only), so one record per lab is plenty.

import type { LabRun } from "@/lib/labs/session";

const DB = "etcd-academy-labs";
const STORE = "runs";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = fn(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** The saved run of a lab; undefined when there is none or storage is unavailable (private mode). */
export async function loadRun(lab: string): Promise<LabRun | undefined> {
  try {
    return (await transact<LabRun | undefined>("readonly", (s) => s.get(lab) as IDBRequest<LabRun | undefined>)) ?? undefined;
  } catch {
    return undefined;
  }
}

export async function saveRun(lab: string, run: LabRun): Promise<void> {
  try {
    await transact("readwrite", (s) => s.put(run, lab));
  } catch {
    // Without storage the lab still works; it just will not survive a reload.
  }
}
