// 绩效自评收文: uploads by drag and drop or picker, waiting for a check, copying links.
// No inline scripts anywhere (the pages' Content-Security-Policy forbids them).
"use strict";

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function showResult(box, answer) {
  box.replaceChildren();
  if (answer.accepted.length) {
    box.append(el("p", "已收到 " + answer.accepted.length + " 个文件，已保存，财政局可以看到：", "notice good"));
    const list = el("ul");
    for (const item of answer.accepted) {
      const li = el("li");
      const link = el("a", item.name);
      link.href = item.url;
      const counts = item.state === "pending" ? "" : "（错误 " + item.errors + "，提示 " + item.warnings + "）";
      li.append(link, " — ", el("span", item.label, "state s-" + item.state), counts);
      list.append(li);
    }
    box.append(list);
  }
  for (const item of answer.refused) {
    box.append(el("p", (item.name ? item.name + "：" : "") + "未收下，" + item.reason, "notice bad"));
  }
}

async function send(form, files) {
  const box = document.getElementById("result");
  const data = new FormData();
  data.append("csrf_token", form.elements.csrf_token.value);
  for (const file of files) data.append("files", file);
  box.replaceChildren(el("p", "正在上传 " + files.length + " 个文件……", "notice"));
  let response;
  try {
    response = await fetch(form.action, { method: "POST", body: data, headers: { "X-Requested-With": "fetch" } });
  } catch (err) {
    box.replaceChildren(el("p", "上传失败：网络连接中断，文件未收到，请重试。", "notice bad"));
    return;
  }
  const type = response.headers.get("content-type") || "";
  if (!type.includes("json")) {
    // the desk's error page (or the size limit's plain text) says why in Chinese
    const text = await response.text();
    const page = new DOMParser().parseFromString(text, "text/html");
    const reason = (page.querySelector(".notice.bad") || page.body).textContent.trim().slice(0, 200);
    box.replaceChildren(el("p", "上传失败，文件未收到：" + reason, "notice bad"));
    return;
  }
  const answer = await response.json();
  if (answer.accepted.length === 1 && !answer.refused.length) {
    window.location.assign(answer.accepted[0].url);
    return;
  }
  showResult(box, answer);
}

function setUpUpload() {
  const form = document.getElementById("upload");
  if (!form) return;
  const drop = document.getElementById("drop");
  const input = document.getElementById("files");
  document.getElementById("send").hidden = true;      // with scripts, choosing or dropping uploads at once
  input.addEventListener("change", () => { if (input.files.length) send(form, input.files); });
  form.addEventListener("submit", (event) => { event.preventDefault(); send(form, input.files); });
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (event) => { event.preventDefault(); drop.classList.add("over"); });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    if (event.dataTransfer.files.length) send(form, event.dataTransfer.files);
  });
}

function setUpPolling() {
  const waiting = document.querySelector("[data-poll]");
  if (!waiting) return;
  const poll = async () => {
    try {
      const answer = await (await fetch(waiting.dataset.poll)).json();
      if (answer.state !== "pending") { window.location.reload(); return; }
    } catch (err) { /* try again */ }
    setTimeout(poll, 500);
  };
  setTimeout(poll, 300);
}

function setUpLinks() {
  for (const input of document.querySelectorAll(".link-copy")) {
    input.addEventListener("focus", () => input.select());
  }
  for (const button of document.querySelectorAll("[data-confirm]")) {
    button.addEventListener("click", (event) => { if (!window.confirm(button.dataset.confirm)) event.preventDefault(); });
  }
  for (const link of document.querySelectorAll("[data-back]")) {
    link.addEventListener("click", (event) => { if (history.length > 1) { event.preventDefault(); history.back(); } });
  }
}

function setUpRefresh() {
  const board = document.querySelector("[data-refresh]");
  if (!board) return;
  // The board is live: it reloads itself unless someone is typing or selecting a link.
  setInterval(() => {
    if (!document.activeElement || document.activeElement === document.body) window.location.reload();
  }, Number(board.dataset.refresh) * 1000);
}

document.addEventListener("DOMContentLoaded", () => { setUpUpload(); setUpPolling(); setUpLinks(); setUpRefresh(); });
