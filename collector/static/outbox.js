"use strict";
// Persistent outbox of behavior events. Each event gets its event_id and seq when it is made and
// is written to IndexedDB (localStorage when IndexedDB cannot be opened) before it can be sent.
// An event leaves the outbox only when the server acknowledges its event_id. The per-attempt seq
// counter and the page state (current task, draft answer) are written in the same transaction as
// the event, so after a reload the counter continues exactly where the stored events stop.
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

  class Outbox {
    static async open(attemptKey) {
      const store = await openStore();
      const { meta, events } = await store.load(attemptKey);
      return new Outbox(store, attemptKey, meta, events);
    }

    constructor(store, attemptKey, meta, events) {
      this.store = store;
      this.attemptKey = attemptKey;
      this.seq = meta ? meta.seq : 0;
      this.ui = meta && meta.ui ? meta.ui : {};
      // Committed, unacknowledged events by event_id; Map keeps insertion (seq) order.
      this.pendingEvents = new Map();
      for (const event of events.sort((a, b) => a.seq - b.seq)) {
        this.pendingEvents.set(event.event_id, event);
        this.seq = Math.max(this.seq, event.seq);
      }
      this.unsaved = 0;
      this.chain = Promise.resolve();
      this.listeners = [];
    }

    onChange(listener) {
      this.listeners.push(listener);
    }

    notify() {
      for (const listener of this.listeners) listener(this);
    }

    get pendingCount() {
      return this.pendingEvents.size;
    }

    get isEmpty() {
      return this.pendingEvents.size === 0 && this.unsaved === 0;
    }

    pending() {
      return Array.from(this.pendingEvents.values());
    }

    // Start the counter above what the server already stored, for a device with no local state.
    raiseSeqFloor(serverSeq) {
      if (Number.isInteger(serverSeq) && serverSeq > this.seq) this.seq = serverSeq;
    }

    // Queue a write; writes commit one after another, in the order they were made.
    enqueue(event) {
      const meta = { seq: this.seq, ui: JSON.parse(JSON.stringify(this.ui)) };
      this.unsaved += 1;
      this.chain = this.chain
        .then(() => this.store.write(this.attemptKey, meta, event))
        .catch((err) => {
          console.warn("Could not write the outbox; keeping the event in memory:", err);
        })
        .then(() => {
          this.unsaved -= 1;
          if (event) this.pendingEvents.set(event.event_id, event);
          this.notify();
        });
      return this.chain;
    }

    append(type, taskId, payload) {
      this.seq += 1;
      const event = {
        event_id: window.crypto.randomUUID(),
        type,
        task_id: taskId,
        client_ts: new Date().toISOString(),
        seq: this.seq,
        payload: payload || {},
        schema_version: 1,
      };
      this.enqueue(event);
      return event;
    }

    updateUi(changes) {
      Object.assign(this.ui, changes);
    }

    saveUi(changes) {
      this.updateUi(changes);
      return this.enqueue(null);
    }

    acknowledge(eventIds) {
      const removed = eventIds.filter((eventId) => this.pendingEvents.delete(eventId));
      if (removed.length === 0) return;
      this.chain = this.chain
        .then(() => this.store.remove(this.attemptKey, removed))
        .catch((err) => console.warn("Could not remove acknowledged events:", err));
      this.notify();
    }

    clear() {
      this.pendingEvents.clear();
      this.chain = this.chain
        .then(() => this.store.clear(this.attemptKey))
        .catch((err) => console.warn("Could not clear the outbox:", err));
      return this.chain;
    }
  }

  HM.Outbox = Outbox;
})((window.HireMate = window.HireMate || {}));
