// The labelling page: shows the session's question, sends answers, keyboard first.
// Text from articles is only ever set with textContent (never as HTML).
"use strict";

const TOKEN = new URLSearchParams(location.search).get("token") || "";
const $ = (id) => document.getElementById(id);
let state = null;      // the last state from the server
let toggles = {};      // sector id -> on/off, as the person has set them
let busy = false;      // a request in flight: keys and buttons wait for it
let hover = null;      // the sector whose words are highlighted, while hovered
let lastVersion = 0;

async function call(method, path, body) {
  const init = { method, headers: { "X-Token": TOKEN } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(typeof data.detail === "string" ? data.detail : `${response.status} ${response.statusText}`);
  return data;
}

async function act(method, path, body) {
  if (busy) return;
  busy = true;
  setDisabled(true);
  try {
    render(await call(method, path, body));
  } catch (err) {
    toast(err.message);
  } finally {
    busy = false;
    setDisabled(false);
  }
}

function setDisabled(flag) {
  for (const b of document.querySelectorAll("#actions button, .sector")) b.disabled = flag;
  if (!flag && state) $("back").disabled = !state.can_back;
}

function toast(message) {
  const t = $("toast");
  t.textContent = message;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 5000);
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

function render(s) {
  state = s;
  const q = s.question;
  const review = s.mode === "review";
  document.body.dataset.mode = s.mode;
  $("title").textContent = review ? "classify review · erreurs probables" : "classify label" + (s.focus ? ` · ${s.focus}` : "");
  renderProgress(s);
  renderModel(s.model);
  $("done").hidden = !!q;
  for (const id of ["article", "card", "sectors", "actions"]) $(id).hidden = !q;
  if (!q) return;
  toggles = {};
  for (const v of q.sectors) toggles[v.id] = v.on;
  hover = null;
  renderArticle(q, review);
  renderSectors(q, review);
  renderText();
  const note = $("note");
  const notes = [];
  if (q.revisit && !review) notes.push("Réponse déjà donnée : la modifier la réécrit dans le fichier. Already answered: changing it rewrites its line.");
  if (q.note) notes.push(q.note);
  note.textContent = notes.join(" · ");
  note.className = notes.length ? "shown" : "";
  $("yes").hidden = $("no").hidden = !s.focus;
  $("modelview").hidden = !review;
  $("accept").firstChild.textContent = review ? "Confirmer / corriger " : "Valider ";
  $("back").disabled = !s.can_back;
}

function renderProgress(s) {
  const p = s.progress;
  const box = $("progress");
  box.textContent = "";
  const parts = s.mode === "review"
    ? [`${p.answered} vus`, `${p.answered_now} corrigés`, `${p.skipped} passés`, `${p.left} restants sur ${p.total}`]
    : [`${p.answered} répondus (${p.answered_now} cette session)`, `${p.skipped} passés`, `${p.left} restants sur ${p.total}`];
  box.append(el("span", null, parts.join(" · ")));
}

function renderModel(m) {
  const box = $("model");
  box.className = "";
  if (!m) { box.textContent = ""; return; }
  let text = m.version ? `${m.name}, entraîné à ${m.trained_at} (${m.n_paragraphs} paragraphes, ${m.seconds} s) : F1 hors échantillon micro ${fmt(m.micro_f1)}, macro ${fmt(m.macro_f1)}` : "modèle livré (shipped model)";
  if (m.busy) { text += " · réentraînement en cours…"; box.className = "busy"; }
  else if (m.error) { text += ` · réentraînement impossible : ${m.error}`; box.className = "error"; }
  else if (m.every) text += ` · prochain réentraînement dans ${Math.max(m.every - m.since, 0)} réponses`;
  if (m.version > lastVersion) { box.className = "fresh"; lastVersion = m.version; }
  box.textContent = text;
}

const fmt = (x) => (x === null || x === undefined ? "?" : x.toFixed(3));

function renderArticle(q, review) {
  const a = q.article, box = $("article");
  box.textContent = "";
  box.append(el("span", "title", a.title || (a.source || a.key).split("/").pop()));
  const bits = [];
  if (a.date) bits.push(a.date);
  if (a.partners && a.partners.length) bits.push("partenaires : " + a.partners.join(", "));
  if (a.lang) bits.push(a.lang);
  if (review) bits.push(q.where);
  else {
    bits.push(`paragraphe ${q.item.position} sur ${q.item.count}`);
    if (a.source) bits.push(a.source);
  }
  box.append(el("span", null, bits.join(" · ")));
  setFold("before", q.item.before);
  setFold("after", q.item.after);
}

function setFold(id, text) {
  const d = $(id);
  d.hidden = !text;
  d.open = false;
  d.querySelector("p").textContent = text || "";
}

function renderSectors(q, review) {
  const box = $("sectors");
  box.textContent = "";
  const positives = state.progress.positives || {};
  for (const v of q.sectors) {
    const b = el("button", "sector");
    b.type = "button";
    b.dataset.id = v.id;
    b.title = `${v.name_fr} / ${v.name_en}\n${v.description}` + (v.evidence.length ? "\n\nmots : " + wordsOf(v).join(", ") : "");
    b.append(el("span", "key", v.key));
    b.append(el("span", "fr", v.name_fr));
    b.append(el("span", "en", v.name_en));
    const meta = el("span", "meta");
    const left = el("span", v.suggested ? "sug" : null, `${Math.round(v.score * 100)} %` + (v.suggested ? " suggéré" : ""));
    meta.append(left);
    if (review) meta.append(el("span", q.given.includes(v.id) ? "given" : null, q.given.includes(v.id) ? "donné" : ""));
    else meta.append(el("span", "positives", `${positives[v.id] || 0} oui`));
    b.append(meta);
    const bar = el("span", "bar");
    const fill = el("span", "fill" + (v.suggested ? " hit" : ""));
    fill.style.width = `${Math.min(100, v.score * 100)}%`;
    const thr = el("span", "thr");
    thr.style.left = `${v.threshold * 100}%`;
    bar.append(fill, thr);
    b.append(bar);
    if (state.focus === v.id) b.classList.add("focus");
    b.addEventListener("click", () => flip(v.id));
    b.addEventListener("mouseenter", () => { hover = v.id; renderText(); });
    b.addEventListener("mouseleave", () => { hover = null; renderText(); });
    box.append(b);
  }
  paintToggles();
}

function paintToggles() {
  for (const b of document.querySelectorAll(".sector")) b.classList.toggle("on", !!toggles[b.dataset.id]);
}

function flip(id) {
  toggles[id] = !toggles[id];
  paintToggles();
  renderText();
}

// The paragraph with the words behind the suggestions marked: those of the hovered sector,
// else those of every sector switched on.
function renderText() {
  const q = state && state.question;
  if (!q) return;
  const text = q.item.text;
  const shown = q.sectors.filter((v) => (hover ? v.id === hover : toggles[v.id]));
  const marks = new Array(text.length).fill(0);
  for (const v of shown) for (const e of v.evidence) for (const [a, b] of e.spans) for (let i = a; i < b && i < text.length; i++) marks[i] = 1;
  const p = $("text");
  p.textContent = "";
  p.lang = q.article.lang || "";
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && marks[j] === marks[i]) j++;
    const piece = text.slice(i, j);
    p.append(marks[i] ? el("mark", hover ? "hot" : null, piece) : document.createTextNode(piece));
    i = j;
  }
  const why = $("why");
  why.textContent = "";
  for (const v of shown) {
    if (!v.evidence.length) continue;
    const line = el("div");
    line.append(el("b", null, v.name_fr + " : "), document.createTextNode(wordsOf(v).join(", ")));
    why.append(line);
  }
}

// The distinct words behind a sector's score, strongest first.
function wordsOf(v) {
  return [...new Set(v.evidence.flatMap((e) => e.words))];
}

function chosen() {
  return state.question.sectors.filter((v) => toggles[v.id]).map((v) => v.id);
}

function accept() {
  if (state && state.question) act("POST", "api/answer", { id: state.question.item.id, sectors: chosen() });
}

function none() {
  if (!state || !state.question) return;
  for (const k in toggles) toggles[k] = false;
  paintToggles();
  accept();
}

function focusAnswer(yes) {
  if (!state || !state.question || !state.focus) return;
  toggles[state.focus] = yes;
  paintToggles();
  accept();
}

function modelView() {
  if (!state || !state.question) return;
  for (const v of state.question.sectors) toggles[v.id] = v.suggested;
  paintToggles();
  renderText();
}

const skip = () => state && state.question && act("POST", "api/skip", { id: state.question.item.id });
const back = () => act("POST", "api/back");

document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || busy || !state) return;
  if (e.target.tagName === "INPUT" || e.target.tagName === "TEXTAREA") return;
  const q = state.question;
  // digits by their position (e.code), so that an AZERTY keyboard needs no Shift
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  const key = digit ? digit[1] : e.key.toLowerCase();
  if (key === "backspace" || (key === "u" && !digit)) { e.preventDefault(); back(); return; }
  if (!q) return;
  const sector = q.sectors.find((v) => v.key === key);
  if (key === "enter") { e.preventDefault(); accept(); }
  else if (state.focus && key === "y") focusAnswer(true);
  else if (state.focus && key === "n") focusAnswer(false);
  else if (key === "x") none();
  else if (key === "s") skip();
  else if (key === "m" && state.mode === "review") modelView();
  else if (sector) { e.preventDefault(); flip(sector.id); }
});

$("accept").addEventListener("click", accept);
$("none").addEventListener("click", none);
$("skip").addEventListener("click", skip);
$("back").addEventListener("click", back);
$("yes").addEventListener("click", () => focusAnswer(true));
$("no").addEventListener("click", () => focusAnswer(false));
$("modelview").addEventListener("click", modelView);

// The model retrains in the background: look again now and then to show when it is done.
setInterval(async () => {
  if (busy || !state || !state.model || !(state.model.busy || state.model.since >= state.model.every)) return;
  try {
    const s = await call("GET", "api/state");
    if (!busy) { renderModel(s.model); state.model = s.model; }
  } catch (err) { /* the server may be gone; the next action will say so */ }
}, 3000);

act("GET", "api/state");
