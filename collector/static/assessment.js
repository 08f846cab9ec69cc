"use strict";
// The candidate assessment page: confirm-before-start, one task at a time, then completion once
// every recorded event has been acknowledged by the server. The token is the last segment of
// this page's own path.
(function (HM) {
  const RETRY_MAX_MS = 8000;
  const TAB_LOCK_WAIT_MS = 3000;

  const $ = (id) => document.getElementById(id);
  const token = decodeURIComponent(window.location.pathname.split("/").filter(Boolean).pop());
  const apiBase = `/api/v1/assessment/${token}`;
  const idleMs = Number(document.body.dataset.idleMs) || 30000;

  const app = { info: null, outbox: null, transport: null, recorder: null, task: null };
  HM.app = app;

  function sleep(ms) {
    return new Promise((resolve) => window.setTimeout(resolve, ms));
  }

  async function callApi(method, path) {
    const options = { method, cache: "no-store", headers: {} };
    if (method === "POST") options.headers["Content-Type"] = "application/json";
    const response = await fetch(apiBase + path, options);
    const body = await response.json().catch(() => ({}));
    return { status: response.status, ok: response.ok, body };
  }

  // Retries a call for as long as the network fails. Every HTTP response goes to the caller.
  async function callApiUntilReachable(method, path, onWaiting) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await callApi(method, path);
      } catch (err) {
        if (onWaiting) onWaiting(true);
        await sleep(Math.min(500 * 2 ** attempt, RETRY_MAX_MS));
      }
    }
  }

  function detailText(body, fallback) {
    return body && typeof body.detail === "string" ? body.detail : fallback;
  }

  function showScreen(name) {
    for (const section of document.querySelectorAll("section[data-screen]")) {
      section.hidden = section.dataset.screen !== name;
    }
    document.body.dataset.view = name;
    const heading = document.querySelector(`section[data-screen="${name}"] h1`);
    if (heading) heading.focus();
  }

  function showError(title, message) {
    $("error-title").textContent = title;
    $("error-message").textContent = message;
    showScreen("error");
  }

  function showStatus({ connection, pending, unsaved }) {
    const bar = $("connection-status");
    bar.dataset.connection = connection;
    bar.dataset.pending = String(pending);
    bar.dataset.unsaved = String(unsaved);
    const waiting = pending + unsaved;
    let text = "All answers saved.";
    if (connection === "offline") {
      text = "You are offline. Your answers are kept on this device and sent when you reconnect.";
    } else if (connection === "unreachable") {
      text = "Cannot reach the server. Your answers are kept on this device and sent later.";
    } else if (connection === "reconnecting") {
      text = "Reconnecting. Your answers are kept on this device.";
    } else if (waiting > 0) {
      text = "Saving your answers.";
    }
    $("connection-text").textContent = text;
    bar.classList.toggle("is-warning", connection !== "connected");
    const savingCount = $("saving-count");
    savingCount.textContent = waiting > 0 ? `${waiting} recorded actions still to send.` : "";
  }

  function emit(type, payload, clientTime) {
    const taskId = app.task ? app.task.id : null;
    app.outbox.append(type, taskId, payload, clientTime);
  }

  // Only one tab may record an attempt, or two seq counters would run side by side.
  function acquireTabLock(key) {
    if (!navigator.locks) return Promise.resolve(true);
    return new Promise((resolve) => {
      const controller = new AbortController();
      const timer = window.setTimeout(() => controller.abort(), TAB_LOCK_WAIT_MS);
      navigator.locks
        .request(`hiremate-assessment:${key}`, { signal: controller.signal }, () => {
          window.clearTimeout(timer);
          resolve(true);
          return new Promise(() => {});
        })
        .catch(() => resolve(false));
    });
  }

  function handleLoadError(status, body) {
    const detail = detailText(body, "");
    if (status === 404) {
      showError("Assessment not found", "Please check your link.");
    } else if (status === 403 && /completed/i.test(detail)) {
      showDone(null);
    } else if (status === 410) {
      showError("This link has expired", detail || "Ask your recruiter for a new link.");
    } else if (status === 403) {
      showError("This assessment is not available", detail);
    } else {
      showError("Something went wrong", "The server could not load your assessment.");
    }
  }

  async function boot() {
    showScreen("loading");
    const result = await callApiUntilReachable("GET", "", () => {
      $("loading-text").textContent = "Cannot reach the server. Retrying.";
    });
    if (!result.ok) {
      handleLoadError(result.status, result.body);
      return;
    }
    app.info = result.body;
    const key = app.info.attempt_id || token;
    if (!(await acquireTabLock(key))) {
      showError("Open in another tab", "This assessment is already open in another tab.");
      return;
    }
    app.outbox = await HM.Outbox.open(key);
    // A device without local state (cleared storage, another browser) continues above the
    // highest seq the collector has stored.
    app.outbox.raiseSeqFloor(app.info.last_seq);
    app.transport = new HM.Transport({
      token,
      outbox: app.outbox,
      onStatus: showStatus,
      onTerminal: (status, detail) => handleLoadError(status, { detail }),
    });
    app.recorder = new HM.Recorder({ emit, idleMs });
    if (app.info.status === "in_progress") {
      const local = app.outbox.ui.taskIndex;
      const index = Math.max(app.info.current_task_index || 0, Number.isInteger(local) ? local : 0);
      await begin(index);
    } else {
      showConfirm();
    }
  }

  function showConfirm() {
    const total = app.info.total_tasks;
    // The info call carries no time limits, so the estimate is 1.5 minutes per task.
    const minutes = Math.ceil(total * 1.5);
    const firstName = String(app.info.candidate_name || "").trim().split(/\s+/)[0];
    $("confirm-greeting").textContent = firstName ? `Hello ${firstName},` : "Hello,";
    $("confirm-count").textContent = `${total} ${total === 1 ? "task" : "tasks"}`;
    $("confirm-minutes").textContent = `about ${minutes} minutes`;
    showScreen("confirm");
  }

  async function startAssessment() {
    const button = $("start-button");
    button.disabled = true;
    const result = await callApiUntilReachable("POST", "/start");
    if (result.ok) {
      Object.assign(app.info, result.body);
    } else if (result.status === 409) {
      // Another start call won; the attempt is in progress either way.
      const again = await callApiUntilReachable("GET", "");
      if (!again.ok) return handleLoadError(again.status, again.body);
      app.info = again.body;
    } else {
      button.disabled = false;
      return handleLoadError(result.status, result.body);
    }
    await begin(app.info.current_task_index || 0);
  }

  async function begin(index) {
    app.transport.start();
    app.recorder.start();
    $("connection-status").hidden = false;
    await HM.showTask(app, index);
  }

  async function finish() {
    app.recorder.stop();
    app.task = null;
    showScreen("saving");
    await new Promise((resolve) => {
      const check = () => app.outbox.isEmpty && resolve();
      app.outbox.onChange(check);
      check();
    });
    for (;;) {
      const result = await callApiUntilReachable("POST", "/complete");
      if (result.ok) break;
      const state = await callApiUntilReachable("GET", "");
      if (state.status === 403 && /completed/i.test(detailText(state.body, ""))) break;
      if (!state.ok || state.body.status !== "in_progress") {
        return handleLoadError(result.status, result.body);
      }
      await sleep(RETRY_MAX_MS);
    }
    const ui = app.outbox.ui;
    app.transport.stop();
    $("connection-status").hidden = true;
    await app.outbox.clear();
    showDone(ui);
  }

  function showDone(ui) {
    const summary = $("done-summary");
    if (ui && Number.isInteger(ui.answered)) {
      const skipped = ui.skipped || 0;
      summary.textContent = `You answered ${ui.answered} and skipped ${skipped}.`;
    } else {
      summary.textContent = "Your answers have been submitted.";
    }
    showScreen("done");
  }

  HM.emit = emit;
  HM.finish = finish;
  HM.showScreen = showScreen;
  HM.callApiUntilReachable = callApiUntilReachable;
  HM.handleLoadError = handleLoadError;

  document.addEventListener("DOMContentLoaded", () => {
    $("start-button").addEventListener("click", startAssessment);
    $("retry-button").addEventListener("click", () => window.location.reload());
    boot().catch((err) => {
      console.warn("The assessment page failed to start:", err);
      showError("Something went wrong", "Reload the page to try again.");
    });
  });
})((window.HireMate = window.HireMate || {}));
