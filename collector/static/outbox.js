"use strict";
// Persistent outbox of behavior events. Each event gets its event_id and seq when it is made and
// is written to IndexedDB (localStorage when IndexedDB cannot be opened) before it can be sent.
// An event leaves the outbox only when the server acknowledges its event_id. The per-attempt seq
// counter and the page state (current task, draft choice and reasoning) are written in the same
// transaction as the event, so after a reload the counter continues where the stored events stop.
(function (HM) {
  class Outbox {
    static async open(attemptKey) {
      const store = await HM.openStore();
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

    // `clientTime` (a Date) stamps an event with an earlier moment than its creation, such as
    // the start of an option view that is recorded when the view ends.
    append(type, taskId, payload, clientTime) {
      this.seq += 1;
      const event = {
        event_id: window.crypto.randomUUID(),
        type,
        task_id: taskId,
        client_ts: (clientTime || new Date()).toISOString(),
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
