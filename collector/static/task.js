"use strict";
// One task on screen: rendering, the draft (choice and reasoning) kept across reloads, and the
// Next and Skip actions. The draft and the index of the next task are saved with the events in
// the outbox.
(function (HM) {
  const $ = (id) => document.getElementById(id);

  function renderOptions(task, selectedId) {
    const list = $("task-options");
    list.replaceChildren();
    const options = [];
    task.options.forEach((option, position) => {
      const optionId = String(option.id);
      const label = document.createElement("label");
      label.className = "option";
      label.dataset.optionId = optionId;
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "task-option";
      input.value = optionId;
      input.id = `option-${position}`;
      input.checked = optionId === selectedId;
      const text = document.createElement("span");
      text.className = "option-text";
      text.textContent = option.text;
      label.append(input, text);
      list.append(label);
      options.push({ id: optionId, input, label });
    });
    return options;
  }

  function requiredChars(task) {
    return task.reasoning_required ? Math.max(0, Number(task.reasoning_min_length) || 0) : 0;
  }

  function updateReasoningHint(task) {
    const count = $("task-reasoning").value.trim().length;
    const min = requiredChars(task);
    const hint = $("reasoning-hint");
    if (min > 0) {
      hint.textContent = `Required: at least ${min} characters (${count} so far).`;
    } else {
      hint.textContent = `Optional (${count} characters).`;
    }
  }

  function render(app, task, index, draft) {
    const total = app.info.total_tasks;
    $("task-progress-text").textContent = `Task ${index + 1} of ${total}`;
    const progress = $("task-progress");
    progress.max = total;
    progress.value = index;
    $("task-category").textContent = task.category || "General";
    $("task-difficulty").textContent = task.difficulty || "";
    $("task-title").textContent = task.title || `Task ${index + 1}`;
    $("task-scenario").textContent = task.scenario;
    $("task-error").textContent = "";
    const reasoning = $("task-reasoning");
    reasoning.value = draft.text || "";
    reasoning.required = requiredChars(task) > 0;
    $("reasoning-label-note").textContent = reasoning.required ? "(required)" : "(optional)";
    $("next-button").textContent = index + 1 === total ? "Finish" : "Next task";
    updateReasoningHint(task);
    return renderOptions(task, draft.optionId);
  }

  async function loadTask(app, index) {
    $("task-loading").hidden = false;
    const result = await HM.callApiUntilReachable("GET", `/task/${index}`, () => {
      $("task-loading").textContent = "Waiting for the connection to load the next task.";
    });
    $("task-loading").hidden = true;
    $("task-loading").textContent = "Loading the task.";
    return result;
  }

  function attachRecorder(app, task, options, draft) {
    const hooks = {
      onSelect: (optionId) => {
        draft.optionId = optionId;
        $("task-error").textContent = "";
      },
      onText: (text, started) => {
        draft.text = text;
        draft.reasoningStarted = started;
        updateReasoningHint(task);
      },
    };
    const elements = {
      options,
      reasoning: $("task-reasoning"),
      scenario: $("task-scenario"),
      selectedId: draft.optionId,
      text: draft.text,
      started: draft.reasoningStarted,
    };
    app.recorder.attachTask(elements, hooks);
  }

  async function showTask(app, index) {
    if (index >= app.info.total_tasks) {
      await HM.finish();
      return;
    }
    const result = await loadTask(app, index);
    if (!result.ok) {
      HM.handleLoadError(result.status, result.body);
      return;
    }
    const task = result.body;
    app.task = task;

    // A reload in the middle of a task keeps its draft and does not start the task again.
    const ui = app.outbox.ui;
    const resumed = ui.startedTaskIndex === index && ui.draft && ui.draft.taskIndex === index;
    const draft = resumed
      ? ui.draft
      : { taskIndex: index, optionId: null, text: "", reasoningStarted: false };
    const options = render(app, task, index, draft);
    HM.showScreen("task");
    if (!resumed) {
      app.outbox.updateUi({ taskIndex: index, startedTaskIndex: index, draft });
      HM.emit("task_started", { task_index: index });
    }
    attachRecorder(app, task, options, draft);
  }

  function validate(task) {
    const checked = document.querySelector('input[name="task-option"]:checked');
    if (!checked) return { error: "Choose an option, or skip this task.", focus: "option-0" };
    const text = $("task-reasoning").value.trim();
    const min = requiredChars(task);
    if (text.length < min) {
      const message = `Explain your choice in at least ${min} characters (${text.length} so far).`;
      return { error: message, focus: "task-reasoning" };
    }
    return { optionId: checked.value, text };
  }

  function advance(app, changes) {
    const ui = app.outbox.ui;
    app.outbox.updateUi({
      taskIndex: ui.startedTaskIndex + 1,
      draft: null,
      answered: (ui.answered || 0) + (changes.answered || 0),
      skipped: (ui.skipped || 0) + (changes.skipped || 0),
    });
  }

  async function next(app) {
    const task = app.task;
    if (!task) return;
    const answer = validate(task);
    if (answer.error) {
      $("task-error").textContent = answer.error;
      $(answer.focus).focus();
      return;
    }
    app.recorder.detachTask();
    if (answer.text) HM.emit("reasoning_submitted", { text: answer.text });
    advance(app, { answered: 1 });
    HM.emit("task_completed", { option_id: answer.optionId, reasoning: answer.text });
    app.task = null;
    await showTask(app, app.outbox.ui.taskIndex);
  }

  async function skip(app) {
    if (!app.task) return;
    app.recorder.detachTask();
    advance(app, { skipped: 1 });
    HM.emit("task_skipped");
    app.task = null;
    await showTask(app, app.outbox.ui.taskIndex);
  }

  HM.showTask = showTask;

  document.addEventListener("DOMContentLoaded", () => {
    $("task-form").addEventListener("submit", (event) => {
      event.preventDefault();
      next(HM.app);
    });
    $("skip-button").addEventListener("click", () => skip(HM.app));
  });
})((window.HireMate = window.HireMate || {}));
