"use strict";
// Turns what the candidate does on the page into behavior events. It records option views
// (hover and keyboard focus, with dwell time), selections and changes, and debounced reasoning
// updates with word counts and deleted characters. It also records paste and copy, window
// focus, tab visibility, network state and idle periods. Events go through
// `emit(type, payload)`, and the page adds the task id.
(function (HM) {
  const REASONING_DEBOUNCE_MS = 800;
  const IDLE_CHECK_MS = 500;
  const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart", "input"];

  function wordCount(text) {
    const words = text.trim().match(/\S+/g);
    return words ? words.length : 0;
  }

  // Characters removed between two values of a text box: the part of the old value between the
  // prefix and the suffix that both values share. Typing over a selection counts as a deletion.
  function removedChars(before, after) {
    const shorter = Math.min(before.length, after.length);
    let prefix = 0;
    while (prefix < shorter && before[prefix] === after[prefix]) prefix += 1;
    let suffix = 0;
    while (
      suffix < shorter - prefix &&
      before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
    ) {
      suffix += 1;
    }
    return before.length - prefix - suffix;
  }

  class Recorder {
    constructor({ emit, idleMs }) {
      this.emit = emit;
      this.idleMs = idleMs;
      this.task = null;
      this.active = false;
      this.lastActivity = performance.now();
      this.idle = false;
      this.windowHandlers = {
        blur: () => this.emit("focus_lost"),
        focus: () => this.emit("focus_gained"),
        online: () => this.emit("network_online"),
        offline: () => this.emit("network_offline"),
        // NOTE: IndexedDB may not finish writing events made during unload, so these can be
        // lost. The seq counter stays gap-free because it is written in the same transaction.
        pagehide: () => this.flushTask(),
      };
      this.handleVisibility = () => {
        if (document.visibilityState === "hidden") {
          this.endAllViews();
          this.emit("visibility_hidden");
        } else {
          this.emit("visibility_visible");
        }
      };
      this.handleActivity = () => this.noteActivity();
      this.handleCopy = (event) => this.recordCopy(event);
    }

    start() {
      if (this.active) return;
      this.active = true;
      for (const [name, handler] of Object.entries(this.windowHandlers)) {
        window.addEventListener(name, handler);
      }
      document.addEventListener("visibilitychange", this.handleVisibility);
      document.addEventListener("copy", this.handleCopy);
      for (const name of ACTIVITY_EVENTS) {
        document.addEventListener(name, this.handleActivity, { capture: true, passive: true });
      }
      this.lastActivity = performance.now();
      this.idleTimer = window.setInterval(() => this.checkIdle(), IDLE_CHECK_MS);
    }

    stop() {
      this.detachTask();
      if (!this.active) return;
      this.active = false;
      for (const [name, handler] of Object.entries(this.windowHandlers)) {
        window.removeEventListener(name, handler);
      }
      document.removeEventListener("visibilitychange", this.handleVisibility);
      document.removeEventListener("copy", this.handleCopy);
      for (const name of ACTIVITY_EVENTS) {
        document.removeEventListener(name, this.handleActivity, { capture: true });
      }
      window.clearInterval(this.idleTimer);
    }

    // Idle time is reported when activity resumes (or the task ends), with its full length.
    checkIdle() {
      if (!this.idle && this.task && performance.now() - this.lastActivity >= this.idleMs) {
        this.idle = true;
      }
    }

    noteActivity() {
      const now = performance.now();
      if (this.idle) {
        this.idle = false;
        this.emit("idle_detected", { idle_ms: Math.round(now - this.lastActivity) });
      }
      this.lastActivity = now;
    }

    // `task`: {options: [{id, input, label}], reasoning, scenario, selectedId, text, started}.
    // `hooks`: {onSelect(optionId), onText(text, reasoningStarted)} keep the page's draft.
    attachTask(task, hooks) {
      this.detachTask();
      this.task = {
        ...task,
        hooks,
        lastText: task.text,
        deleted: 0,
        updateTimer: null,
        views: { hover: new Map(), focus: new Map() },
        listeners: [],
      };
      this.lastActivity = performance.now();
      this.idle = false;
      const listen = (target, name, handler) => {
        target.addEventListener(name, handler);
        this.task.listeners.push([target, name, handler]);
      };
      for (const option of task.options) {
        listen(option.label, "pointerenter", () => this.beginView("hover", option.id));
        listen(option.label, "pointerleave", () => this.endView("hover", option.id));
        listen(option.input, "focus", () => this.beginView("focus", option.id));
        listen(option.input, "blur", () => this.endView("focus", option.id));
        listen(option.input, "change", () => this.recordSelection(option.id));
      }
      listen(task.reasoning, "input", () => this.recordTyping());
      listen(task.reasoning, "blur", () => this.flushReasoning());
      listen(task.reasoning, "paste", (event) => this.recordPaste(event));
    }

    // Emits what the task has not reported yet (open views, a pending reasoning update, an open
    // idle period) and stops listening to its elements.
    detachTask() {
      if (!this.task) return;
      this.flushTask();
      for (const [target, name, handler] of this.task.listeners) {
        target.removeEventListener(name, handler);
      }
      this.task = null;
    }

    flushTask() {
      if (!this.task) return;
      this.endAllViews();
      this.flushReasoning();
      if (this.idle) this.noteActivity();
    }

    beginView(kind, optionId) {
      if (!this.task.views[kind].has(optionId)) {
        this.task.views[kind].set(optionId, { startedAt: performance.now(), wallStart: new Date() });
      }
    }

    endView(kind, optionId) {
      const views = this.task.views[kind];
      const view = views.get(optionId);
      if (view === undefined) return;
      views.delete(optionId);
      const dwellMs = Math.round(performance.now() - view.startedAt);
      // The event is stamped with the moment the view began, because the pipeline measures
      // hover and initiation time from client timestamps, not from `dwell_ms`.
      this.emit("option_viewed", { option_id: optionId, dwell_ms: dwellMs }, view.wallStart);
    }

    endAllViews() {
      if (!this.task) return;
      for (const kind of Object.keys(this.task.views)) {
        for (const optionId of Array.from(this.task.views[kind].keys())) {
          this.endView(kind, optionId);
        }
      }
    }

    recordSelection(optionId) {
      const previous = this.task.selectedId;
      if (previous === optionId) return;
      this.task.selectedId = optionId;
      this.task.hooks.onSelect(optionId);
      if (previous) {
        this.emit("option_changed", { from_option_id: previous, to_option_id: optionId });
      } else {
        this.emit("option_selected", { option_id: optionId });
      }
    }

    recordTyping() {
      const task = this.task;
      const text = task.reasoning.value;
      if (!task.started) {
        task.started = true;
        task.hooks.onText(task.lastText, true);
        this.emit("reasoning_started");
      }
      task.deleted += removedChars(task.lastText, text);
      task.lastText = text;
      task.hooks.onText(text, true);
      window.clearTimeout(task.updateTimer);
      task.updateTimer = window.setTimeout(() => this.flushReasoning(), REASONING_DEBOUNCE_MS);
    }

    flushReasoning() {
      const task = this.task;
      if (!task || task.updateTimer === null) return;
      window.clearTimeout(task.updateTimer);
      task.updateTimer = null;
      const text = task.lastText;
      const deleted = task.deleted;
      task.deleted = 0;
      this.emit("reasoning_updated", {
        chars: text.length,
        words: wordCount(text),
        deleted_chars: deleted,
      });
    }

    recordPaste(event) {
      const text = event.clipboardData ? event.clipboardData.getData("text") : "";
      if (text.length > 0) {
        this.emit("paste_detected", { chars: text.length, target: "reasoning" });
      }
    }

    recordCopy() {
      if (!this.task) return;
      const box = this.task.reasoning;
      let chars;
      let target;
      if (document.activeElement === box && box.selectionEnd > box.selectionStart) {
        chars = box.selectionEnd - box.selectionStart;
        target = "reasoning";
      } else {
        chars = String(window.getSelection()).length;
        target = "scenario";
      }
      if (chars > 0) this.emit("copy_detected", { chars, target });
    }
  }

  HM.Recorder = Recorder;
  HM.wordCount = wordCount;
})((window.HireMate = window.HireMate || {}));
