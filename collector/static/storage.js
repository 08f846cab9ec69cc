"use strict";
// Device storage behind the outbox: IndexedDB, then localStorage when IndexedDB cannot be
// opened, then memory when the browser allows no storage at all. Each backend stores one meta
// record per attempt (seq counter and page state) and the attempt's unacknowledged events.
(function (HM) {
  const DB_NAME = "hiremate-assessment";
  const DB_VERSION = 1;
  const LOCAL_PREFIX = "hiremate-assessment:";

  function requestToPromise(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function transactionDone(tx) {
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error || new Error("IndexedDB transaction aborted"));
      tx.onerror = () => reject(tx.error);
    });
  }

  class IndexedDbStore {
    static open() {
      return new Promise((resolve, reject) => {
        let request;
        try {
          request = window.indexedDB.open(DB_NAME, DB_VERSION);
        } catch (err) {
          reject(err);
          return;
        }
        request.onupgradeneeded = () => {
          const db = request.result;
          const events = db.createObjectStore("events", { keyPath: "event_id" });
          events.createIndex("by_attempt", "attempt_key");
          db.createObjectStore("attempts", { keyPath: "attempt_key" });
        };
        request.onsuccess = () => resolve(new IndexedDbStore(request.result));
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error("IndexedDB upgrade blocked by another tab"));
      });
    }

    constructor(db) {
      this.kind = "indexeddb";
      this.db = db;
    }

    async load(attemptKey) {
      const tx = this.db.transaction(["events", "attempts"], "readonly");
      const records = await requestToPromise(
        tx.objectStore("events").index("by_attempt").getAll(attemptKey),
      );
      const meta = await requestToPromise(tx.objectStore("attempts").get(attemptKey));
      return { meta: meta || null, events: records.map((record) => record.event) };
    }

    write(attemptKey, meta, event) {
      const tx = this.db.transaction(["events", "attempts"], "readwrite");
      if (event) {
        tx.objectStore("events").put({ event_id: event.event_id, attempt_key: attemptKey, event });
      }
      tx.objectStore("attempts").put({ attempt_key: attemptKey, ...meta });
      return transactionDone(tx);
    }

    remove(attemptKey, eventIds) {
      const tx = this.db.transaction(["events"], "readwrite");
      const store = tx.objectStore("events");
      for (const eventId of eventIds) store.delete(eventId);
      return transactionDone(tx);
    }

    clear(attemptKey) {
      const tx = this.db.transaction(["events", "attempts"], "readwrite");
      const events = tx.objectStore("events");
      const cursorRequest = events.index("by_attempt").openKeyCursor(IDBKeyRange.only(attemptKey));
      cursorRequest.onsuccess = () => {
        const cursor = cursorRequest.result;
        if (cursor) {
          events.delete(cursor.primaryKey);
          cursor.continue();
        }
      };
      tx.objectStore("attempts").delete(attemptKey);
      return transactionDone(tx);
    }
  }

  // Synchronous fallback: one JSON document per attempt holding the meta record and the events.
  class LocalStorageStore {
    static open() {
      const probe = LOCAL_PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return new LocalStorageStore();
    }

    constructor() {
      this.kind = "localstorage";
    }

    read(attemptKey) {
      const text = window.localStorage.getItem(LOCAL_PREFIX + attemptKey);
      return text ? JSON.parse(text) : { meta: null, events: {} };
    }

    save(attemptKey, doc) {
      window.localStorage.setItem(LOCAL_PREFIX + attemptKey, JSON.stringify(doc));
    }

    async load(attemptKey) {
      const doc = this.read(attemptKey);
      return { meta: doc.meta, events: Object.values(doc.events) };
    }

    async write(attemptKey, meta, event) {
      const doc = this.read(attemptKey);
      doc.meta = meta;
      if (event) doc.events[event.event_id] = event;
      this.save(attemptKey, doc);
    }

    async remove(attemptKey, eventIds) {
      const doc = this.read(attemptKey);
      for (const eventId of eventIds) delete doc.events[eventId];
      this.save(attemptKey, doc);
    }

    async clear(attemptKey) {
      window.localStorage.removeItem(LOCAL_PREFIX + attemptKey);
    }
  }

  // Last resort when the browser allows no storage at all: events survive only until a reload.
  class MemoryStore {
    constructor() {
      this.kind = "memory";
    }

    async load() {
      return { meta: null, events: [] };
    }

    async write() {}

    async remove() {}

    async clear() {}
  }

  async function openStore() {
    try {
      return await IndexedDbStore.open();
    } catch (err) {
      console.warn("IndexedDB unavailable, keeping the outbox in localStorage:", err);
    }
    try {
      return LocalStorageStore.open();
    } catch (err) {
      console.warn("localStorage unavailable, keeping the outbox in memory only:", err);
    }
    return new MemoryStore();
  }

  HM.openStore = openStore;
})((window.HireMate = window.HireMate || {}));
