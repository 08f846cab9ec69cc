"use strict";
// Delivery of outbox events: batches over the candidate WebSocket, the REST batch endpoint while
// the socket is down, and reconnects with exponential backoff. Only acknowledged event_ids leave
// the outbox. Every send starts at the oldest unacknowledged event, so the server, which stores
// each event_id once, ends up with the events in seq order even when a batch is sent twice.
(function (HM) {
  const BATCH_MAX = 100;
  const FLUSH_DELAY_MS = 40;
  const RECONNECT_BASE_MS = 500;
  const RECONNECT_MAX_MS = 5000;
  // A socket that leaves a batch unacknowledged this long is treated as dead and replaced.
  const ACK_TIMEOUT_MS = 10000;
  const WATCHDOG_MS = 2000;
  // HTTP statuses after which a retry cannot succeed: unknown token, finished or expired attempt.
  const TERMINAL_STATUSES = new Set([403, 404, 410]);
  // The collector's rejection text for events it could not take yet ("rate limit exceeded;
  // resend these events later"). Such events stay in the outbox and are sent again.
  const TRANSIENT_REJECTION = /rate limit|resend/i;
  const RATE_LIMIT_RETRY_MS = 1000;

  function backoffMs(attempt) {
    const base = Math.min(RECONNECT_BASE_MS * 2 ** attempt, RECONNECT_MAX_MS);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  function socketUrl(token) {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${window.location.host}/ws/assessment/${encodeURIComponent(token)}`;
  }

  class Transport {
    constructor({ token, outbox, onStatus, onTerminal }) {
      this.token = token;
      this.outbox = outbox;
      this.onStatus = onStatus || (() => {});
      this.onTerminal = onTerminal || (() => {});
      this.ws = null;
      this.inflight = new Map();
      this.socketAttempts = 0;
      this.reconnectTimer = null;
      this.restBusy = false;
      this.restFailures = 0;
      this.restTimer = null;
      this.flushTimer = null;
      this.stopped = true;
      this.handleOnline = () => this.reconnectNow();
      this.handleOffline = () => this.reportStatus();
      outbox.onChange(() => {
        this.kick();
        this.reportStatus();
      });
    }

    get connection() {
      if (this.ws && this.ws.readyState === WebSocket.OPEN) return "connected";
      if (!navigator.onLine) return "offline";
      if (this.restFailures > 0) return "unreachable";
      return "reconnecting";
    }

    reportStatus() {
      this.onStatus({
        connection: this.connection,
        pending: this.outbox.pendingCount,
        unsaved: this.outbox.unsaved,
      });
    }

    start() {
      if (!this.stopped) return;
      this.stopped = false;
      window.addEventListener("online", this.handleOnline);
      window.addEventListener("offline", this.handleOffline);
      this.watchdog = window.setInterval(() => this.checkDelivery(), WATCHDOG_MS);
      this.connect();
      this.kick();
    }

    stop() {
      this.stopped = true;
      window.removeEventListener("online", this.handleOnline);
      window.removeEventListener("offline", this.handleOffline);
      window.clearInterval(this.watchdog);
      for (const timer of [this.reconnectTimer, this.restTimer, this.flushTimer]) {
        window.clearTimeout(timer);
      }
      this.reconnectTimer = this.restTimer = this.flushTimer = null;
      if (this.ws) {
        const ws = this.ws;
        this.ws = null;
        ws.close(1000, "assessment finished");
      }
    }

    connect() {
      if (this.stopped || this.ws) return;
      let ws;
      try {
        ws = new WebSocket(socketUrl(this.token));
      } catch (err) {
        console.warn("Could not open the event socket:", err);
        this.scheduleReconnect();
        return;
      }
      this.ws = ws;
      ws.onopen = () => {
        this.socketAttempts = 0;
        this.inflight.clear();
        this.reportStatus();
        this.flush();
      };
      ws.onmessage = (message) => this.handleSocketMessage(message);
      ws.onclose = (close) => {
        if (this.ws !== ws) return;
        this.ws = null;
        this.inflight.clear();
        this.reportStatus();
        if (this.stopped) return;
        this.scheduleReconnect();
        this.kick();
        if (close.code !== 1000 && close.code !== 1006) {
          console.warn(`Event socket closed with code ${close.code}: ${close.reason}`);
        }
      };
    }

    scheduleReconnect() {
      if (this.stopped || this.reconnectTimer) return;
      const delay = backoffMs(this.socketAttempts);
      this.socketAttempts += 1;
      this.reconnectTimer = window.setTimeout(() => {
        this.reconnectTimer = null;
        this.connect();
      }, delay);
    }

    reconnectNow() {
      this.socketAttempts = 0;
      this.restFailures = 0;
      window.clearTimeout(this.reconnectTimer);
      window.clearTimeout(this.restTimer);
      this.reconnectTimer = this.restTimer = null;
      this.reportStatus();
      this.connect();
      this.kick();
    }

    handleSocketMessage(message) {
      let data;
      try {
        data = JSON.parse(message.data);
      } catch (err) {
        console.warn("Ignoring a socket message that is not JSON:", err);
        return;
      }
      if (data && data.type === "ack") {
        this.handleAck(data);
      } else if (data && data.type === "error") {
        console.warn("The server reported an error on the event socket:", data);
      }
    }

    handleAck(ack) {
      const accepted = Array.isArray(ack.accepted) ? ack.accepted : [];
      const rejected = Array.isArray(ack.rejected) ? ack.rejected : [];
      const settled = accepted.map((item) => item.event_id);
      let retryLater = false;
      for (const item of rejected) {
        if (TRANSIENT_REJECTION.test(String(item.error))) {
          retryLater = true;
          if (item.event_id) this.inflight.delete(item.event_id);
          continue;
        }
        // The server can never store this event, so resending it would loop forever.
        console.warn("The server rejected an event:", item);
        settled.push(item.event_id);
      }
      const eventIds = settled.filter(Boolean);
      for (const eventId of eventIds) this.inflight.delete(eventId);
      this.outbox.acknowledge(eventIds);
      if (retryLater) {
        window.clearTimeout(this.flushTimer);
        this.flushTimer = window.setTimeout(() => {
          this.flushTimer = null;
          this.flush();
        }, RATE_LIMIT_RETRY_MS);
      }
    }

    kick() {
      if (this.stopped || this.flushTimer) return;
      this.flushTimer = window.setTimeout(() => {
        this.flushTimer = null;
        this.flush();
      }, FLUSH_DELAY_MS);
    }

    flush() {
      if (this.stopped) return;
      if (this.ws && this.ws.readyState === WebSocket.OPEN) {
        this.sendOverSocket();
      } else {
        this.sendOverRest();
      }
    }

    sendOverSocket() {
      const unsent = this.outbox.pending().filter((event) => !this.inflight.has(event.event_id));
      const now = Date.now();
      for (let start = 0; start < unsent.length; start += BATCH_MAX) {
        const batch = unsent.slice(start, start + BATCH_MAX);
        try {
          this.ws.send(JSON.stringify({ type: "batch", events: batch }));
        } catch (err) {
          console.warn("Could not send on the event socket:", err);
          return;
        }
        for (const event of batch) this.inflight.set(event.event_id, now);
      }
    }

    async sendOverRest() {
      if (this.restBusy || this.restTimer) return;
      const batch = this.outbox.pending().slice(0, BATCH_MAX);
      if (batch.length === 0) return;
      this.restBusy = true;
      let delivered = false;
      try {
        const response = await fetch(`/api/v1/assessment/${this.token}/events`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ events: batch }),
          cache: "no-store",
        });
        if (TERMINAL_STATUSES.has(response.status)) {
          const body = await response.json().catch(() => ({}));
          this.stop();
          this.onTerminal(response.status, body.detail);
          return;
        }
        if (!response.ok) throw new Error(`event batch failed with HTTP ${response.status}`);
        this.handleAck(await response.json());
        this.restFailures = 0;
        delivered = true;
      } catch (err) {
        this.restFailures += 1;
        this.restTimer = window.setTimeout(() => {
          this.restTimer = null;
          this.flush();
        }, backoffMs(this.restFailures));
      } finally {
        this.restBusy = false;
        this.reportStatus();
      }
      if (delivered && this.outbox.pendingCount > 0) this.kick();
    }

    checkDelivery() {
      if (this.stopped) return;
      const now = Date.now();
      if (this.ws && this.ws.readyState === WebSocket.OPEN) {
        for (const sentAt of this.inflight.values()) {
          if (now - sentAt > ACK_TIMEOUT_MS) {
            console.warn("No acknowledgement on the event socket; reconnecting");
            this.ws.close(4000, "acknowledgement timeout");
            return;
          }
        }
      }
      if (this.outbox.pendingCount > 0) this.kick();
    }
  }

  HM.Transport = Transport;
})((window.HireMate = window.HireMate || {}));
