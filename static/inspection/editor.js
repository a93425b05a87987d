/* The draft editor (对照检查材料 / 个人发言提纲): renders the draft's structure (inspection/content.py)
 * from the page's JSON, saves through the API with the version it is based on, and never loses a
 * word: a refused save stops autosaving and offers to merge; unsaved text is kept in localStorage.
 * Vanilla JS, no build step. */
(function () {
  "use strict";

  const dataElement = document.getElementById("draft-data");
  const root = document.getElementById("draft-editor");
  if (!dataElement || !root) return;

  const boot = JSON.parse(dataElement.textContent);
  const urls = boot.urls;
  const csrfToken = root.dataset.csrf;
  const alerts = document.getElementById("editor-alerts");
  const side = document.getElementById("editor-side");
  const saveStateElement = document.querySelector("[data-testid=save-state]");
  const storagePrefix = "draft-" + boot.draft_id + "-v";

  const DEBOUNCE_MS = 3000; // save 3 s after the last keystroke …
  const MAX_WAIT_MS = 10000; // … and at least every 10 s while there are unsaved changes
  const PROBLEM_STYLES = [
    ["yishi", "一是、二是…（班子材料常用）"],
    ["arabic", "1. 2. …（个人提纲常用）"],
  ];
  const LIST_STYLES = [
    ["yishi", "一是、二是…"],
    ["arabic", "1. 2. …"],
    ["chinese", "（一）（二）…"],
  ];
  const SECTION_ORDER = ["previous", "problems", "causes", "measures", "matters"];
  const KIND_NAMES = { problem: "问题", cause: "原因", measure: "措施", group: "方面", preamble: "开头" };

  const state = {
    content: boot.content,
    version: boot.version,
    status: boot.status,
    canEdit: boot.can_edit && root.dataset.mode === "edit",
    canComment: boot.can_comment,
    canTick: boot.can_tick,
    aspects: boot.aspects || [],
    comments: boot.comments || [],
    opinions: boot.opinions || [],
    dirty: false,
    saving: false,
    saveAgain: false,
    error: "",
    locked: false,
    conflict: null, // the 409 answer while the writer decides; autosave stops
    mergeConflicts: [], // fields both sides changed, shown beside the field after merging
    mergedFrom: null, // the refused save being merged, recorded on the next save
    editCount: 0,
    savedAt: "",
    timers: { debounce: null, maxWait: null, retry: null },
    openCommentForm: null,
    findings: null,
  };

  // --- numbering as it will print (inspection/content.py: label, level1, level2) ------------------

  const DIGITS = "零一二三四五六七八九";
  function chineseNumber(n) {
    if (n < 1 || n > 99) return String(n);
    const tens = Math.floor(n / 10);
    const units = n % 10;
    if (tens === 0) return DIGITS[units];
    return (tens === 1 ? "" : DIGITS[tens]) + "十" + (units ? DIGITS[units] : "");
  }
  function label(style, n) {
    if (style === "yishi") return chineseNumber(n) + "是";
    if (style === "chinese") return "（" + chineseNumber(n) + "）";
    return n + ".";
  }
  const level1 = (n) => chineseNumber(n) + "、";
  const level2 = (n) => "（" + chineseNumber(n) + "）";
  function withStop(text) {
    return !text || /[。：；！？.:]$/.test(text) ? text : text + "。";
  }

  function sectionNumbers() {
    const numbers = {};
    let n = 0;
    for (const key of SECTION_ORDER) {
      if ((key === "previous" || key === "matters") && !state.content[key].text.trim()) continue;
      numbers[key] = level1(++n);
    }
    return numbers;
  }

  function numberedProblems() {
    const out = [];
    let number = 0;
    for (const group of state.content.problems.groups) {
      for (const item of group.items) out.push({ number: ++number, group, item });
    }
    return out;
  }

  function aspectName(order) {
    const aspect = state.aspects.find((a) => a.order === order);
    return aspect ? aspect.name : "";
  }

  function newId(prefix) {
    const used = new Set();
    for (const group of state.content.problems.groups) {
      used.add(group.id);
      group.items.forEach((item) => used.add(item.id));
    }
    state.content.causes.items.forEach((item) => used.add(item.id));
    state.content.measures.items.forEach((item) => used.add(item.id));
    for (;;) {
      const bytes = new Uint8Array(4);
      crypto.getRandomValues(bytes);
      const id = prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      if (!used.has(id)) return id;
    }
  }

  // --- DOM helpers --------------------------------------------------------------------------------

  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") element.className = value;
      else if (key === "text") element.textContent = value;
      else if (key === "html") element.innerHTML = value;
      else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
      else if (key === "dataset") Object.assign(element.dataset, value);
      else if (value === true) element.setAttribute(key, "");
      else element.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  function autosize(textarea) {
    textarea.style.height = "auto";
    textarea.style.height = textarea.scrollHeight + 2 + "px";
  }

  function button(text, className, onclick, extra) {
    return h("button", Object.assign({ type: "button", class: "btn btn-sm " + className, onclick }, extra || {}), text);
  }

  // A field: a label, a textarea bound to ``object[key]``, conflicts beside it.
  function field(object, key, options) {
    const conflictKey = options.conflictKey;
    const textarea = h("textarea", {
      class: "form-control" + (options.singleLine ? " single-line" : ""),
      rows: options.rows || (options.singleLine ? 1 : 3),
      placeholder: options.placeholder || "",
      "data-field": options.dataField || key,
      "aria-label": options.label || options.ariaLabel,
      maxlength: 20000,
    });
    textarea.value = object[key] || "";
    textarea.addEventListener("input", () => {
      if (options.singleLine && textarea.value.includes("\n")) textarea.value = textarea.value.replace(/\n/g, "");
      object[key] = textarea.value;
      autosize(textarea);
      changed();
    });
    if (options.singleLine) {
      textarea.addEventListener("keydown", (event) => {
        if (event.key === "Enter") event.preventDefault();
      });
    }
    const wrapper = h(
      "div",
      { class: options.class || "mb-2", "data-conflict-key": conflictKey },
      options.label ? h("div", { class: "field-label", text: options.label }) : null,
      textarea,
      options.hint || null
    );
    const conflicts = state.mergeConflicts.filter((c) => c.field && c.part_id + ":" + c.field === conflictKey);
    conflicts.forEach((conflict) => wrapper.append(conflictNote(conflict, object, key, textarea)));
    return wrapper;
  }

  function styleSelect(section, choices, testid) {
    const select = h("select", { class: "form-select form-select-sm w-auto", "data-field": "style", "aria-label": "编号样式", "data-testid": testid });
    for (const [value, text] of choices) {
      const option = h("option", { value }, text);
      if (section.style === value) option.selected = true;
      select.append(option);
    }
    select.addEventListener("change", () => {
      section.style = select.value;
      changed();
      render();
    });
    return h("label", { class: "d-inline-flex align-items-center gap-2 small text-muted" }, "编号样式", select);
  }

  // --- comments -----------------------------------------------------------------------------------

  function commentsFor(partId) {
    return state.comments.filter((c) => c.part_id === partId);
  }

  function commentNote(comment) {
    return h(
      "div",
      { class: "comment-note" + (comment.resolved ? " resolved" : ""), "data-testid": "comment", "data-comment-id": comment.id },
      h(
        "div",
        { class: "small d-flex justify-content-between gap-2" },
        h("span", {}, h("strong", { text: comment.by || "审阅人" }), " · ", comment.at),
        comment.resolved ? h("span", { class: "badge text-bg-secondary", text: "已处理" }) : h("span", { class: "badge text-bg-warning", text: "待处理" })
      ),
      h("div", { class: "comment-text", text: comment.text }),
      comment.quote ? h("blockquote", { title: comment.quote, text: (comment.part_label ? comment.part_label + "：" : "") + comment.quote }) : null,
      comment.can_resolve && !comment.resolved
        ? button("已处理", "btn-outline-secondary mt-1", () => resolveComment(comment), { "data-testid": "comment-resolve" })
        : null
    );
  }

  function commentForm(partId) {
    const textarea = h("textarea", { class: "form-control form-control-sm mb-2", name: "comment-text", rows: 3, placeholder: "修改意见，如：事例不够具体，请补充时间、事情和影响。" });
    const error = h("div", { class: "text-danger small mb-1" });
    const save = button("提交意见", "btn-warning", async () => {
      save.disabled = true;
      const result = await postForm(urls.comment, { part_id: partId, text: textarea.value });
      save.disabled = false;
      if (!result.ok) {
        error.textContent = result.data.error || "意见未能提交，请重试。";
        return;
      }
      state.comments.push(result.data.comment);
      state.openCommentForm = null;
      renderNotes(partId);
      updateCommentCount();
    }, { "data-testid": "comment-save" });
    const cancel = button("取消", "btn-link", () => {
      state.openCommentForm = null;
      renderNotes(partId);
    });
    setTimeout(() => textarea.focus(), 0);
    return h("div", { class: "comment-form" }, h("div", { class: "field-label", text: "添加意见" }), textarea, error, h("div", { class: "d-flex gap-2" }, save, cancel));
  }

  function notesFor(partId) {
    const container = h("div", { class: "part-notes", "data-notes-for": partId });
    fillNotes(container, partId);
    return container;
  }

  function fillNotes(container, partId) {
    container.replaceChildren();
    commentsFor(partId).forEach((comment) => container.append(commentNote(comment)));
    if (state.openCommentForm === partId) container.append(commentForm(partId));
    const part = container.closest("[data-part-id]");
    if (part) part.classList.toggle("has-unresolved", commentsFor(partId).some((c) => !c.resolved));
  }

  function renderNotes(partId) {
    if (partId === "") {
      renderSide();
      return;
    }
    const container = root.querySelector('[data-notes-for="' + CSS.escape(partId) + '"]');
    if (container) fillNotes(container, partId);
    else renderSide();
  }

  function commentButton(partId) {
    if (!state.canComment) return null;
    return button("添加意见", "btn-outline-warning", () => {
      state.openCommentForm = partId;
      renderNotes(partId);
    }, { "data-testid": "comment-add" });
  }

  async function resolveComment(comment) {
    const result = await postForm(urls.resolve.replace(/\/0\/resolve\/$/, "/" + comment.id + "/resolve/"), {});
    if (!result.ok) {
      window.alert(result.data.error || "未能标记为已处理。");
      return;
    }
    Object.assign(comment, result.data.comment);
    renderNotes(comment.part_id);
    updateCommentCount();
  }

  function updateCommentCount() {
    const count = document.querySelector("[data-testid=comment-count]");
    if (count) count.textContent = state.comments.filter((c) => !c.resolved).length;
  }

  // --- merge conflicts beside a field -------------------------------------------------------------

  function conflictNote(conflict, object, key, textarea) {
    const note = h(
      "div",
      { class: "conflict-note", "data-testid": "merge-conflict" },
      h("div", { class: "fw-semibold text-danger", text: "与对方的修改冲突：" + conflict.label }),
      h("div", { class: "small text-muted", text: "此处已保留对方的文本。你的文本：" }),
      h("pre", { text: conflict.mine })
    );
    const actions = h("div", { class: "d-flex flex-wrap gap-2" });
    actions.append(
      button("复制你的文本", "btn-outline-secondary", (event) => copyText(conflict.mine, event.target), { "data-testid": "copy-mine" }),
      button("改用你的文本", "btn-outline-danger", () => {
        object[key] = conflict.mine;
        textarea.value = conflict.mine;
        autosize(textarea);
        dismissConflict(conflict);
        changed();
      }),
      button("知道了", "btn-link", () => dismissConflict(conflict))
    );
    note.append(actions);
    return note;
  }

  function dismissConflict(conflict) {
    state.mergeConflicts = state.mergeConflicts.filter((c) => c !== conflict);
    render();
    renderMergedNotice();
  }

  async function copyText(text, target) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (error) {
      const scratch = h("textarea", { class: "visually-hidden" });
      scratch.value = text;
      document.body.append(scratch);
      scratch.select();
      document.execCommand("copy");
      scratch.remove();
    }
    if (target) {
      const before = target.textContent;
      target.textContent = "已复制";
      setTimeout(() => (target.textContent = before), 1500);
    }
  }

  // --- rendering: the editor ----------------------------------------------------------------------

  function partCard(partId, kind, headerLeft, fields, buttons) {
    const card = h(
      "div",
      { class: "card part-card mb-2", "data-part-id": partId, "data-kind": kind },
      h(
        "div",
        { class: "card-header d-flex flex-wrap align-items-center gap-2" },
        headerLeft,
        h("div", { class: "ms-auto d-flex flex-wrap gap-1" }, buttons)
      ),
      h("div", { class: "card-body part-body" }, h("div", { class: "part-fields" }, fields), notesFor(partId))
    );
    if (commentsFor(partId).some((c) => !c.resolved)) card.classList.add("has-unresolved");
    return card;
  }

  function moveButtons(list, index, what) {
    if (!state.canEdit) return [];
    return [
      button("↑", "btn-outline-secondary", () => move(list, index, -1), { title: "上移", "aria-label": "上移", disabled: index === 0 }),
      button("↓", "btn-outline-secondary", () => move(list, index, 1), { title: "下移", "aria-label": "下移", disabled: index === list.length - 1 }),
      button("删除", "btn-outline-danger", () => remove(list, index, what), { "data-testid": "delete-part" }),
    ];
  }

  function move(list, index, step) {
    const target = index + step;
    if (target < 0 || target >= list.length) return;
    [list[index], list[target]] = [list[target], list[index]];
    changed();
    render();
  }

  function remove(list, index, what) {
    const item = list[index];
    const lead = (item.lead || "").trim();
    if (!window.confirm("确定删除" + what + (lead ? "“" + lead.slice(0, 30) + "”" : "") + "吗？")) return;
    list.splice(index, 1);
    for (const measure of state.content.measures.items) {
      measure.answers = measure.answers.filter((id) => id !== item.id);
    }
    changed();
    render();
  }

  function addItem(list, item) {
    list.push(item);
    changed();
    render();
    const part = root.querySelector('[data-part-id="' + item.id + '"] textarea');
    if (part) {
      part.focus();
      part.scrollIntoView({ block: "center" });
    }
  }

  function exampleHint(item) {
    return h("div", {
      class: "hint-missing" + (item.example.trim() ? " d-none" : ""),
      "data-hint-for": item.id,
      text: "还没有具体事例。要见人见事见思想，请用“比如，……”写出一件具体的事。",
    });
  }

  function renderHead() {
    const c = state.content;
    const card = h("section", { class: "card section-card mb-3", "data-section": "head" });
    const body = h("div", { class: "card-body" });
    body.append(
      field(c, "title", { label: "标题", singleLine: true, conflictKey: "title:title" }),
      field(c, "byline", { label: "署名（印在标题下，可不填）", singleLine: true, conflictKey: "byline:byline", dataField: "byline" })
    );
    const preamble = h(
      "div",
      { "data-part-id": "preamble", "data-kind": "preamble", class: "mt-2" },
      h("div", { class: "d-flex align-items-center gap-2" }, h("div", { class: "field-label flex-grow-1", text: "开头段落" }), commentButton("preamble")),
      h(
        "div",
        { class: "part-body" },
        h("div", { class: "part-fields" }, field(c, "preamble", { rows: 3, dataField: "text", conflictKey: "preamble:preamble", placeholder: "根据……现将对照检查情况报告如下：" })),
        notesFor("preamble")
      )
    );
    body.append(preamble);
    card.append(h("div", { class: "card-header fw-semibold", text: "标题和开头" }), body);
    return card;
  }

  function renderOptional(key, numbers) {
    const section = state.content[key];
    const details = h("details", { class: "card section-card mb-3", "data-section": key, open: section.text.trim() || commentsFor(key).length ? true : null });
    details.append(
      h(
        "summary",
        { class: "card-header" },
        h("span", { class: "section-number me-1", "data-section-number": key, text: numbers[key] || "" }),
        section.title,
        h("span", { class: "small text-muted ms-2", text: "（可选，未填写时不印出）" })
      )
    );
    const part = h(
      "div",
      { class: "card-body", "data-part-id": key, "data-kind": key },
      field(section, "title", { label: "标题", singleLine: true, conflictKey: key + ":title" }),
      h(
        "div",
        { class: "part-body" },
        h("div", { class: "part-fields" }, field(section, "text", { label: "内容", rows: 4, conflictKey: key + ":text" })),
        notesFor(key)
      ),
      commentButton(key)
    );
    details.append(part);
    return details;
  }

  function sectionHeader(key, numbers, section, extra) {
    return h(
      "div",
      { class: "card-header d-flex flex-wrap align-items-center gap-2" },
      h("span", { class: "section-number", "data-section-number": key, text: numbers[key] || "" }),
      h("div", { class: "flex-grow-1" }, field(section, "title", { singleLine: true, class: "mb-0", conflictKey: key + ":title", label: null, ariaLabel: "章节标题" })),
      extra
    );
  }

  function renderProblems(numbers) {
    const section = state.content.problems;
    const card = h("section", { class: "card section-card mb-3", "data-section": "problems" });
    card.append(sectionHeader("problems", numbers, section, styleSelect(section, PROBLEM_STYLES, "problem-style")));
    const body = h("div", { class: "card-body" });
    body.append(field(section, "intro", { label: "导语（可不填）", rows: 2, conflictKey: "problems:intro" }));
    let number = 0;
    section.groups.forEach((group, g) => {
      const name = group.aspect === null || group.aspect === undefined ? "自拟方面" : aspectName(group.aspect) || "第" + group.aspect + "方面";
      const groupCard = h("div", { class: "card group-card mb-3", "data-part-id": group.id, "data-kind": "group" });
      groupCard.append(
        h(
          "div",
          { class: "card-header d-flex flex-wrap align-items-center gap-2" },
          h("span", { class: "part-label", text: level2(g + 1) }),
          h("span", { class: "badge text-bg-light border", text: "对应方面：" + name }),
          h("span", { class: "small text-muted", text: group.items.length + "个问题" }),
          h("div", { class: "ms-auto" }, commentButton(group.id))
        )
      );
      const groupBody = h("div", { class: "card-body" });
      groupBody.append(
        h(
          "div",
          { class: "part-body mb-2" },
          h(
            "div",
            { class: "part-fields" },
            field(group, "heading", { label: "标题", singleLine: true, conflictKey: group.id + ":heading" }),
            field(group, "summary", { label: "概述（接在标题后，可不填）", rows: 2, conflictKey: group.id + ":summary", placeholder: "主要是……" })
          ),
          notesFor(group.id)
        )
      );
      group.items.forEach((item, index) => {
        number += 1;
        groupBody.append(
          partCard(
            item.id,
            "problem",
            [h("span", { class: "part-label", "data-label-for": item.id, text: label(section.style, number) }), h("span", { class: "small text-muted", text: "问题" + number })],
            [
              field(item, "lead", { label: "概括句", singleLine: true, conflictKey: item.id + ":lead", placeholder: "一句话概括问题，如：学习“往深处走”不够。" }),
              field(item, "text", { label: "具体表现", rows: 3, conflictKey: item.id + ":text" }),
              field(item, "example", { label: "事例", rows: 2, conflictKey: item.id + ":example", placeholder: "比如，……", hint: exampleHint(item) }),
            ],
            [...moveButtons(group.items, index, "问题" + number), commentButton(item.id)]
          )
        );
      });
      if (state.canEdit) {
        groupBody.append(
          button("＋ 添加问题", "btn-outline-danger", () => addItem(group.items, { id: newId("p"), lead: "", text: "", example: "" }), { "data-testid": "add-problem" })
        );
      } else if (!group.items.length) {
        groupBody.append(h("div", { class: "text-muted small", text: "这一方面还没有查摆问题。" }));
      }
      groupCard.append(groupBody);
      body.append(groupCard);
    });
    card.append(body);
    return card;
  }

  function answersList(measure) {
    const problems = numberedProblems();
    const style = state.content.problems.style;
    const box = h("fieldset", { class: "answers mt-1", "data-testid": "answers" }, h("legend", { class: "field-label mb-1 float-none w-auto", text: "对应的问题" }));
    if (!problems.length) {
      box.append(h("div", { class: "small text-muted", text: "还没有问题可以对应。" }));
      return box;
    }
    for (const { number, item } of problems) {
      const id = "answer-" + measure.id + "-" + item.id;
      const input = h("input", { class: "form-check-input", type: "checkbox", id, value: item.id, disabled: !state.canEdit });
      input.checked = measure.answers.includes(item.id);
      input.addEventListener("change", () => {
        const others = measure.answers.filter((a) => a !== item.id);
        measure.answers = input.checked ? [...others, item.id] : others;
        changed();
      });
      box.append(
        h(
          "div",
          { class: "form-check" },
          input,
          h("label", { class: "form-check-label", for: id }, h("span", { class: "me-1", text: label(style, number) }), h("span", { "data-answer-lead": item.id, text: item.lead || "（未写概括句）" }))
        )
      );
    }
    return box;
  }

  function renderList(key, numbers) {
    const section = state.content[key];
    const kind = key === "causes" ? "cause" : "measure";
    const noun = KIND_NAMES[kind];
    const card = h("section", { class: "card section-card mb-3", "data-section": key });
    card.append(sectionHeader(key, numbers, section, styleSelect(section, LIST_STYLES, kind + "-style")));
    const body = h("div", { class: "card-body" });
    body.append(field(section, "intro", { label: "导语（可不填）", rows: 2, conflictKey: key + ":intro" }));
    section.items.forEach((item, index) => {
      const fields = [
        field(item, "lead", { label: "概括句", singleLine: true, conflictKey: item.id + ":lead" }),
        field(item, "text", { label: "内容", rows: 3, conflictKey: item.id + ":text" }),
      ];
      if (kind === "measure") fields.push(answersList(item));
      body.append(
        partCard(
          item.id,
          kind,
          [h("span", { class: "part-label", text: label(section.style, index + 1) }), h("span", { class: "small text-muted", text: noun + (index + 1) })],
          fields,
          [...moveButtons(section.items, index, noun + (index + 1)), commentButton(item.id)]
        )
      );
    });
    if (state.canEdit) {
      const item = () => (kind === "measure" ? { id: newId("m"), lead: "", text: "", answers: [] } : { id: newId("c"), lead: "", text: "" });
      body.append(button("＋ 添加" + noun, "btn-outline-danger", () => addItem(section.items, item()), { "data-testid": "add-" + kind }));
    } else if (!section.items.length) {
      body.append(h("div", { class: "text-muted small", text: "还没有填写。" }));
    }
    card.append(body);
    return card;
  }

  function renderEditor() {
    const numbers = sectionNumbers();
    return [
      renderHead(),
      renderOptional("previous", numbers),
      renderProblems(numbers),
      renderList("causes", numbers),
      renderList("measures", numbers),
      renderOptional("matters", numbers),
    ];
  }

  // --- rendering: read-only, like the printed document --------------------------------------------

  function readPart(partId, kind, paragraph) {
    const add = commentButton(partId);
    if (add) add.classList.add("py-0");
    const part = h(
      "div",
      { class: "read-part", "data-part-id": partId, "data-kind": kind },
      h("div", { class: "part-body" }, h("div", { class: "part-fields" }, add ? h("div", { class: "read-actions" }, add) : null, paragraph), notesFor(partId))
    );
    if (commentsFor(partId).some((c) => !c.resolved)) part.classList.add("has-unresolved");
    return part;
  }

  function span(fieldName, text, className) {
    return h("span", { "data-field": fieldName, class: className || null, text });
  }

  function renderReader() {
    const c = state.content;
    const numbers = sectionNumbers();
    const article = h("article", { class: "draft-read border rounded" });
    article.append(h("div", { class: "read-title", "data-field": "title", text: c.title }));
    if (c.byline) article.append(h("div", { class: "read-byline", "data-field": "byline", text: c.byline }));
    if (c.preamble || state.canComment) {
      article.append(readPart("preamble", "preamble", h("p", {}, c.preamble ? span("text", c.preamble) : h("span", { class: "read-empty", text: "（开头段落未填写）" }))));
    }
    for (const key of SECTION_ORDER) {
      if (!numbers[key]) continue;
      const section = c[key];
      article.append(h("h2", {}, numbers[key], span("title", section.title)));
      if (key === "previous" || key === "matters") {
        article.append(readPart(key, key, h("p", {}, span("text", section.text))));
        continue;
      }
      if (section.intro) article.append(h("p", { class: "read-intro" }, span("intro", section.intro)));
      if (key === "problems") {
        let number = 0;
        section.groups.forEach((group, g) => {
          article.append(
            readPart(group.id, "group", h("p", {}, level2(g + 1), span("heading", withStop(group.heading)), span("summary", group.summary)))
          );
          for (const item of group.items) {
            number += 1;
            article.append(
              readPart(
                item.id,
                "problem",
                h(
                  "p",
                  {},
                  h("span", { class: "part-label", "data-label-for": item.id, text: label(section.style, number) }),
                  span("lead", item.lead, "read-lead"),
                  span("text", item.text),
                  item.example ? span("example", item.example) : h("span", { class: "hint-missing ms-1", text: "（未举事例）" })
                )
              )
            );
          }
        });
        if (!number) article.append(h("p", { class: "read-empty", text: "（还没有查摆问题）" }));
      } else {
        const kind = key === "causes" ? "cause" : "measure";
        section.items.forEach((item, index) => {
          const paragraph = h("p", {}, h("span", { class: "part-label", text: label(section.style, index + 1) }), span("lead", item.lead, "read-lead"), span("text", item.text));
          const part = readPart(item.id, kind, paragraph);
          if (kind === "measure" && item.answers.length) {
            const names = numberedProblems()
              .filter(({ item: problem }) => item.answers.includes(problem.id))
              .map(({ number }) => "问题" + number);
            part.querySelector(".part-fields").append(h("div", { class: "small text-muted", text: "对应：" + names.join("、") }));
          }
          article.append(part);
        });
        if (!section.items.length) article.append(h("p", { class: "read-empty", text: "（还没有填写）" }));
      }
    }
    return [article];
  }

  function render() {
    root.replaceChildren(...(state.canEdit ? renderEditor() : renderReader()));
    requestAnimationFrame(() => root.querySelectorAll("textarea").forEach(autosize));
    renderSide();
    updateCommentCount();
  }

  // Live numbers and hints while typing (no re-render: the cursor stays where it is).
  function refreshLabels() {
    const numbers = sectionNumbers();
    root.querySelectorAll("[data-section-number]").forEach((element) => {
      element.textContent = numbers[element.dataset.sectionNumber] || "";
    });
    for (const { item } of numberedProblems()) {
      root.querySelectorAll('[data-answer-lead="' + item.id + '"]').forEach((element) => {
        element.textContent = item.lead || "（未写概括句）";
      });
      const hint = root.querySelector('[data-hint-for="' + item.id + '"]');
      if (hint) hint.classList.toggle("d-none", Boolean(item.example.trim()));
    }
  }

  // --- the side panels: other comments, opinions, checker -----------------------------------------

  // The parts shown on the page: a comment on any other part (deleted since, or on the whole draft)
  // is listed in the side panel instead.
  function shownParts() {
    return new Set(Array.from(root.querySelectorAll("[data-notes-for]"), (element) => element.dataset.notesFor));
  }

  function renderSide() {
    if (!side) return;
    side.replaceChildren();
    if (state.findings) side.append(renderFindings());
    if (state.opinions.length) side.append(renderOpinions());
    const parts = shownParts();
    const general = state.comments.filter((c) => !c.part_id || !parts.has(c.part_id));
    if (general.length || state.canComment) {
      const card = h("div", { class: "card mb-3", "data-testid": "general-comments" });
      const body = h("div", { class: "card-body" });
      if (!general.length) body.append(h("div", { class: "small text-muted mb-2", text: "对全文的意见，或所指部分已删除的意见，显示在这里。" }));
      general.forEach((comment) => body.append(commentNote(comment)));
      if (state.canComment) {
        if (state.openCommentForm === "") body.append(commentForm(""));
        else body.append(button("对全文提意见", "btn-outline-warning", () => {
          state.openCommentForm = "";
          renderSide();
        }, { "data-testid": "comment-add-general" }));
      }
      card.append(h("div", { class: "card-header", text: "全文意见" }), body);
      side.append(card);
    }
  }

  function renderOpinions() {
    const card = h("div", { class: "card mb-3", "data-testid": "opinions-panel" });
    const done = state.opinions.filter((o) => o.ticked).length;
    card.append(h("div", { class: "card-header" }, "反馈给本人的意见 ", h("span", { class: "badge text-bg-secondary", text: done + "/" + state.opinions.length + " 已回应" })));
    const list = h("ul", { class: "list-group list-group-flush" });
    const problems = numberedProblems();
    const style = state.content.problems.style;
    for (const opinion of state.opinions) {
      const id = "opinion-" + opinion.id;
      const checkbox = h("input", { class: "form-check-input", type: "checkbox", id, disabled: !state.canTick });
      checkbox.checked = opinion.ticked;
      const select = h("select", { class: "form-select form-select-sm mt-1", disabled: !state.canTick || !opinion.ticked, "aria-label": "在哪个问题中回应" });
      select.append(h("option", { value: "" }, "（回应在哪个问题，可不选）"));
      for (const { number, item } of problems) {
        const option = h("option", { value: item.id }, label(style, number) + (item.lead || "").slice(0, 24));
        if (opinion.part_id === item.id) option.selected = true;
        select.append(option);
      }
      const message = h("div", { class: "small text-danger" });
      const send = async () => {
        const result = await postForm(urls.tick.replace(/\/0\/$/, "/" + opinion.id + "/"), { ticked: checkbox.checked ? "1" : "0", part_id: select.value });
        if (!result.ok) {
          message.textContent = result.data.error || "未能保存，请重试。";
          checkbox.checked = opinion.ticked;
          return;
        }
        opinion.ticked = result.data.ticked;
        opinion.part_id = result.data.part_id;
        renderSide();
      };
      checkbox.addEventListener("change", send);
      select.addEventListener("change", send);
      list.append(
        h(
          "li",
          { class: "list-group-item", "data-opinion-id": opinion.id, "data-testid": "opinion" },
          h("div", { class: "small" }, opinion.aspect ? h("span", { class: "badge text-bg-light border me-1", text: opinion.aspect }) : null, opinion.text),
          h("div", { class: "form-check mt-1" }, checkbox, h("label", { class: "form-check-label small", for: id, text: "已在提纲中回应" })),
          select,
          message
        )
      );
    }
    card.append(list);
    return card;
  }

  function renderFindings() {
    const { version, findings, error } = state.findings;
    const card = h("div", { class: "card mb-3 findings", "data-testid": "findings" });
    card.append(
      h(
        "div",
        { class: "card-header d-flex justify-content-between" },
        h("span", {}, "检查结果", h("span", { class: "small text-muted ms-1", text: "（第" + version + "版）" })),
        button("关闭", "btn-link py-0", () => {
          state.findings = null;
          renderSide();
        })
      )
    );
    const list = h("div", { class: "list-group list-group-flush" });
    if (error) list.append(h("div", { class: "list-group-item text-danger", text: error }));
    else if (!findings.length) list.append(h("div", { class: "list-group-item text-success", text: "未发现问题。" }));
    for (const finding of findings) {
      const item = h(
        "div",
        { class: "list-group-item list-group-item-action finding", "data-testid": "finding", "data-code": finding.code, tabindex: 0, role: "button" },
        h("div", { text: finding.message })
      );
      if (finding.code === "copied" || finding.other_passage) {
        item.append(
          h(
            "div",
            { class: "copy-pair mt-1" },
            h("div", {}, h("div", { class: "field-label", text: "本稿" }), h("div", { class: "copy-passage", text: finding.passage })),
            h("div", {}, h("div", { class: "field-label", text: finding.other_label || "其他材料" }), h("div", { class: "copy-passage", text: finding.other_passage }))
          )
        );
      }
      const go = () => highlight(finding);
      item.addEventListener("click", go);
      item.addEventListener("keydown", (event) => {
        if (event.key === "Enter") go();
      });
      list.append(item);
    }
    card.append(list);
    return card;
  }

  function highlight(finding) {
    const targets = [];
    for (const partId of finding.part_ids || []) {
      const element = root.querySelector('[data-part-id="' + CSS.escape(partId) + '"]');
      if (element) targets.push(element);
    }
    if (finding.opinion_id) {
      const element = side.querySelector('[data-opinion-id="' + finding.opinion_id + '"]');
      if (element) targets.push(element);
    }
    targets.forEach((element) => {
      if (element.tagName === "DETAILS") element.open = true;
      const details = element.closest("details");
      if (details) details.open = true;
      element.classList.remove("part-flash");
      void element.offsetWidth; // restart the animation
      element.classList.add("part-flash");
      setTimeout(() => element.classList.remove("part-flash"), 2600);
    });
    if (targets.length) targets[0].scrollIntoView({ behavior: "smooth", block: "center" });
  }

  async function runCheck(event) {
    const trigger = event && event.currentTarget;
    if (trigger) trigger.disabled = true;
    try {
      if (state.canEdit && state.dirty && !state.conflict) await save();
      const response = await fetch(urls.check, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      const data = await response.json().catch(() => ({}));
      state.findings = response.ok ? data : { version: state.version, findings: [], error: data.error || "检查未能完成，请稍后再试。" };
      if (response.ok && data.version !== state.version) poll(); // the check read a newer version
    } catch (error) {
      state.findings = { version: state.version, findings: [], error: "网络连接失败，检查未能完成。" };
    } finally {
      if (trigger) trigger.disabled = false;
    }
    renderSide();
    side.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  // --- saving -------------------------------------------------------------------------------------

  function showState() {
    const versionElement = document.querySelector("[data-testid=draft-version]");
    if (versionElement) versionElement.textContent = state.version;
    if (!saveStateElement) return;
    let text;
    let className;
    if (state.conflict) {
      [text, className] = ["未保存：他人已保存了新版本，请处理冲突", "error"];
    } else if (state.error) {
      [text, className] = [state.error, "error"];
    } else if (state.saving) {
      [text, className] = ["正在保存…", "saving"];
    } else if (state.dirty) {
      [text, className] = ["未保存的修改…", "dirty"];
    } else if (state.savedAt) {
      [text, className] = ["已保存于 " + state.savedAt, "saved"];
    } else {
      [text, className] = ["已载入第" + state.version + "版", ""];
    }
    saveStateElement.textContent = text;
    saveStateElement.className = "save-state " + className;
  }

  function clearTimers() {
    clearTimeout(state.timers.debounce);
    clearTimeout(state.timers.maxWait);
    clearTimeout(state.timers.retry);
    state.timers = { debounce: null, maxWait: null, retry: null };
  }

  function schedule() {
    if (!state.canEdit || state.conflict || state.locked) return;
    clearTimeout(state.timers.debounce);
    state.timers.debounce = setTimeout(save, DEBOUNCE_MS);
    if (!state.timers.maxWait) state.timers.maxWait = setTimeout(save, MAX_WAIT_MS);
  }

  function changed() {
    state.dirty = true;
    state.editCount += 1;
    if (state.error && !state.locked) state.error = "";
    storeLocally();
    refreshLabels();
    showState();
    schedule();
  }

  async function save(options) {
    const keepalive = Boolean(options && options.keepalive);
    clearTimers();
    if (!state.canEdit || state.conflict || state.locked || !state.dirty) return;
    if (state.saving) {
      state.saveAgain = true;
      return;
    }
    state.saving = true;
    const sentAt = state.editCount;
    const merging = Boolean(state.mergedFrom);
    const body = { base_version: state.version, content: state.content };
    if (state.mergedFrom) body.merged_refused_id = state.mergedFrom;
    showState();
    let response;
    let data = {};
    try {
      response = await fetch(urls.api, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken },
        body: JSON.stringify(body),
        credentials: "same-origin",
        keepalive,
      });
      data = await response.json().catch(() => ({}));
    } catch (error) {
      state.saving = false;
      state.error = "网络连接失败，修改尚未保存（已保留在本机），稍后自动重试。";
      showState();
      state.timers.retry = setTimeout(save, MAX_WAIT_MS);
      return;
    }
    state.saving = false;
    if (response.ok) {
      alerts.querySelectorAll("[data-testid=newer-version]").forEach((e) => e.remove());
      const previousStatus = state.status;
      state.version = data.version;
      state.mergedFrom = null;
      state.savedAt = data.saved_at;
      state.error = "";
      if (state.editCount === sentAt) {
        state.dirty = false;
        clearLocal();
      } else {
        storeLocally();
        schedule();
      }
      updateStatus(data.status, data.status_label, previousStatus);
      if (data.saved) {
        const lastSaved = document.querySelector("[data-testid=last-saved]");
        if (lastSaved) lastSaved.textContent = " · " + (boot.user_name || "我") + " 于 " + data.saved_at + " 保存";
      }
      if (merging) renderMergedNotice(data.version);
      showState();
      if (state.saveAgain) {
        state.saveAgain = false;
        if (state.dirty) save();
      }
      return;
    }
    state.saveAgain = false;
    if (response.status === 409 && data.merged) {
      enterConflict(data);
      return;
    }
    if (data.locked) state.locked = true;
    state.error = data.error || "保存失败（" + response.status + "），修改已保留在本机。";
    showState();
    if (response.status >= 500) state.timers.retry = setTimeout(save, MAX_WAIT_MS);
  }

  function updateStatus(status, statusLabel, previousStatus) {
    state.status = status;
    document.querySelectorAll("[data-testid=editor-status], [data-testid=draft-status]").forEach((badge) => {
      badge.textContent = statusLabel;
    });
    if (previousStatus && previousStatus !== status && (previousStatus === "approved" || previousStatus === "endorsed")) {
      alerts.append(h("div", { class: "alert alert-warning", text: "材料在审阅通过后又有修改，已重新进入撰写状态，修改完成后请重新提交审阅。" }));
    }
  }

  // --- the unsaved text kept in the browser -------------------------------------------------------

  function storageKeys() {
    const keys = [];
    try {
      for (let i = 0; i < localStorage.length; i += 1) {
        const key = localStorage.key(i);
        if (key && key.startsWith(storagePrefix)) keys.push(key);
      }
    } catch (error) {
      /* storage disabled: nothing kept */
    }
    return keys;
  }

  function storeLocally() {
    if (!state.canEdit) return;
    try {
      const key = storagePrefix + state.version;
      storageKeys().forEach((other) => other !== key && localStorage.removeItem(other));
      localStorage.setItem(key, JSON.stringify({ version: state.version, at: new Date().toISOString(), content: state.content }));
    } catch (error) {
      /* quota or privacy mode: the server copy is what we have */
    }
  }

  function clearLocal() {
    try {
      storageKeys().forEach((key) => localStorage.removeItem(key));
    } catch (error) {
      /* nothing to clear */
    }
  }

  function trimmed(value) {
    if (typeof value === "string") return value.trim();
    if (Array.isArray(value)) return value.map(trimmed);
    if (value && typeof value === "object") {
      const out = {};
      for (const key of Object.keys(value).sort()) out[key] = trimmed(value[key]);
      return out;
    }
    return value;
  }

  function sameContent(a, b) {
    return JSON.stringify(trimmed(a)) === JSON.stringify(trimmed(b));
  }

  function offerRestore() {
    if (!state.canEdit) return;
    let stored = null;
    for (const key of storageKeys()) {
      try {
        const value = JSON.parse(localStorage.getItem(key));
        if (value && value.content && (!stored || value.at > stored.at)) stored = value;
      } catch (error) {
        localStorage.removeItem(key);
      }
    }
    if (!stored || stored.version > state.version || sameContent(stored.content, state.content)) {
      if (stored) clearLocal();
      return;
    }
    const when = new Date(stored.at).toLocaleString("zh-CN", { hour12: false });
    const older = stored.version < state.version;
    const box = h(
      "div",
      { class: "alert alert-warning", "data-testid": "restore-offer" },
      h("div", { class: "fw-semibold", text: "本机保留着尚未保存的修改（" + when + "，基于第" + stored.version + "版）。" }),
      older ? h("div", { class: "small", text: "此后已有人保存了第" + state.version + "版；恢复后将与最新版本合并。" }) : null,
      h(
        "div",
        { class: "d-flex gap-2 mt-2" },
        button("恢复这些修改", "btn-warning", () => {
          box.remove();
          state.content = stored.content;
          state.version = stored.version;
          render();
          changed();
          save();
        }, { "data-testid": "restore-local" }),
        button("丢弃", "btn-outline-secondary", () => {
          if (!window.confirm("丢弃本机保留的修改？丢弃后无法找回。")) return;
          clearLocal();
          box.remove();
        })
      )
    );
    alerts.prepend(box);
  }

  // --- no lost update: the conflict panel ---------------------------------------------------------

  function enterConflict(data) {
    clearTimers();
    alerts.querySelectorAll("[data-testid=newer-version]").forEach((e) => e.remove());
    state.conflict = data;
    storeLocally();
    showState();
    renderConflict();
  }

  function renderConflict() {
    alerts.querySelectorAll("[data-testid=conflict-panel], [data-testid=merged-notice]").forEach((e) => e.remove());
    const data = state.conflict;
    if (!data) return;
    const conflicts = data.conflicts || [];
    const panel = h(
      "div",
      { class: "alert alert-danger", "data-testid": "conflict-panel", role: "alert" },
      h("div", { class: "fw-semibold mb-1", text: data.error }),
      h(
        "div",
        { class: "small mb-2" },
        "自动保存已暂停，你的文字仍在下面的编辑区中。被拒绝保存的内容也已保存在服务器上：",
        h("a", { href: data.refused_url, target: "_blank", rel: "noopener", "data-testid": "refused-link", text: "查看我的未保存修改" }),
        "。"
      ),
      h("div", { class: "small fw-semibold", text: data.latest_by + " 所做的修改（第" + (data.base_version ?? "") + "版 → 第" + data.latest_version + "版）：" }),
      h("div", { class: "their-changes my-2", "data-testid": "their-changes", html: data.their_changes_html || "<p class='diff-skip'>（没有文字改动）</p>" }),
      conflicts.length
        ? h("div", { class: "small mb-2", text: "有" + conflicts.length + "处双方都改动了：合并后保留对方的文本，你的文本显示在相应位置旁，可复制或改用。" })
        : h("div", { class: "small mb-2", text: "双方改动的是不同的地方，可以直接合并。" }),
      h(
        "div",
        { class: "d-flex flex-wrap gap-2" },
        button("合并双方修改", "btn-danger", mergeBoth, { "data-testid": "merge-button" }),
        button("放弃我的修改，载入最新版本", "btn-outline-secondary", discardMine, { "data-testid": "discard-button" })
      )
    );
    alerts.prepend(panel);
    panel.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  async function mergeBoth() {
    const data = state.conflict;
    if (!data) return;
    state.content = data.merged;
    state.version = data.latest_version;
    state.mergeConflicts = data.conflicts || [];
    state.mergedFrom = data.refused_id;
    state.conflict = null;
    state.error = "";
    render();
    renderConflict();
    renderMergedNotice();
    state.dirty = true;
    state.editCount += 1;
    storeLocally();
    await save();
  }

  function renderMergedNotice(savedVersion) {
    alerts.querySelectorAll("[data-testid=merged-notice]").forEach((e) => e.remove());
    const saved = savedVersion ? "，当前为第" + savedVersion + "版" : "";
    if (!state.mergeConflicts.length) {
      if (savedVersion) {
        const done = h(
          "div",
          { class: "alert alert-success alert-dismissible", "data-testid": "merged-notice" },
          "已合并双方的修改" + saved + "。",
          h("button", { type: "button", class: "btn-close", "data-bs-dismiss": "alert", "aria-label": "关闭" })
        );
        alerts.prepend(done);
      }
      return;
    }
    const notice = h(
      "div",
      { class: "alert alert-warning", "data-testid": "merged-notice" },
      h("div", { class: "fw-semibold", text: "已合并双方的修改" + saved + "。以下" + state.mergeConflicts.length + "处双方都改动过，已保留对方的文本，请核对：" })
    );
    const list = h("ul", { class: "mb-0 small" });
    for (const conflict of state.mergeConflicts) {
      const item = h("li", {}, conflict.label);
      if (conflict.mine) {
        item.append(" ", button("复制你的文本", "btn-link btn-sm p-0 align-baseline", (event) => copyText(conflict.mine, event.target)));
      }
      const target = root.querySelector('[data-conflict-key="' + CSS.escape(conflict.part_id + ":" + conflict.field) + '"]') || root.querySelector('[data-part-id="' + CSS.escape(conflict.part_id) + '"]');
      if (target) item.append(" ", button("定位", "btn-link btn-sm p-0 align-baseline", () => target.scrollIntoView({ behavior: "smooth", block: "center" })));
      list.append(item);
    }
    notice.append(list, button("全部知道了", "btn-sm btn-outline-secondary mt-2", () => {
      state.mergeConflicts = [];
      render();
      notice.remove();
    }));
    alerts.prepend(notice);
  }

  async function discardMine() {
    const data = state.conflict;
    if (!data) return;
    if (!window.confirm("放弃你的修改并载入第" + data.latest_version + "版？你的修改仍可在“查看我的未保存修改”页面找到。")) return;
    try {
      const response = await fetch(urls.api, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      load(await response.json());
    } catch (error) {
      window.alert("未能载入最新版本，请刷新页面。");
      return;
    }
    clearLocal();
    alerts.querySelectorAll("[data-testid=conflict-panel]").forEach((e) => e.remove());
  }

  function load(data) {
    alerts.querySelectorAll("[data-testid=newer-version], [data-testid=merged-notice]").forEach((e) => e.remove());
    state.content = data.content;
    state.version = data.version;
    state.status = data.status;
    state.comments = data.comments;
    state.opinions = data.opinions;
    state.canEdit = data.can_edit && root.dataset.mode === "edit";
    state.conflict = null;
    state.mergeConflicts = [];
    state.mergedFrom = null;
    state.dirty = false;
    state.error = "";
    state.savedAt = "";
    updateStatus(data.status, data.status_label);
    const lastSaved = document.querySelector("[data-testid=last-saved]");
    if (lastSaved && data.updated_by) {
      const at = new Date(data.updated_at);
      const when = at.getMonth() + 1 + "月" + at.getDate() + "日 " + String(at.getHours()).padStart(2, "0") + ":" + String(at.getMinutes()).padStart(2, "0");
      lastSaved.textContent = " · " + data.updated_by + " 于 " + when + " 保存";
    }
    render();
    showState();
  }

  // --- keeping up with others: new comments, a newer version -------------------------------------

  const POLL_MS = 30000;

  async function poll() {
    if (document.visibilityState !== "visible" || state.saving || state.conflict) return;
    let data;
    try {
      const response = await fetch(urls.api, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      data = await response.json();
    } catch (error) {
      return;
    }
    if (state.openCommentForm !== null) return;
    if (!state.canEdit && data.version !== state.version) {
      load(data); // a reader has nothing unsaved: show the latest
      return;
    }
    if (JSON.stringify(data.comments) !== JSON.stringify(state.comments)) {
      state.comments = data.comments;
      root.querySelectorAll("[data-notes-for]").forEach((container) => fillNotes(container, container.dataset.notesFor));
      renderSide();
      updateCommentCount();
    }
    if (state.canEdit && data.version > state.version) showNewer(data);
  }

  function showNewer(data) {
    alerts.querySelectorAll("[data-testid=newer-version]").forEach((e) => e.remove());
    const when = new Date(data.updated_at).toLocaleTimeString("zh-CN", { hour12: false });
    const notice = h(
      "div",
      { class: "alert alert-info d-flex flex-wrap align-items-center gap-2", "data-testid": "newer-version" },
      h("span", { text: (data.updated_by || "他人") + " 于 " + when + " 保存了第" + data.version + "版。" })
    );
    if (state.dirty) {
      notice.append(h("span", { class: "small", text: "你的修改保存时会与之比对，可以合并。" }));
    } else {
      notice.append(
        button("载入最新版本", "btn-outline-primary", () => {
          notice.remove();
          if (!state.dirty) load(data);
        })
      );
    }
    alerts.prepend(notice);
  }

  setInterval(poll, POLL_MS);

  // --- plumbing -----------------------------------------------------------------------------------

  async function postForm(url, fields) {
    const body = new URLSearchParams(fields);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
        body,
        credentials: "same-origin",
      });
      const data = await response.json().catch(() => ({}));
      return { ok: response.ok, data };
    } catch (error) {
      return { ok: false, data: { error: "网络连接失败，请重试。" } };
    }
  }

  function leaving() {
    if (state.canEdit && state.dirty && !state.conflict && !state.saving) {
      storeLocally();
      save({ keepalive: true });
    }
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") leaving();
  });
  window.addEventListener("pagehide", leaving);
  window.addEventListener("beforeunload", (event) => {
    if (state.canEdit && (state.dirty || state.saving || state.conflict)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  const checkButton = document.querySelector("[data-testid=run-check]");
  if (checkButton) checkButton.addEventListener("click", runCheck);

  render();
  showState();
  offerRestore();
})();
