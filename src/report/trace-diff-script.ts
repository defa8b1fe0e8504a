/**
 * The budget-pair trace diff's script (see trace-diff.ts). It reads the sample browser's JSON block
 * (parsed after first paint, so the page shows at once) and its own; a click on a sample row picks
 * the item and trial. Every piece of model text goes on the page with textContent — highlights are
 * <mark> elements holding text nodes — never innerHTML. Kept free of template literals so it can
 * live in a TS string, and ASCII (as browser-script.ts).
 */
export const TRACE_DIFF_SCRIPT = String.raw`
(function () {
  'use strict';
  var dn = document.getElementById('trace-diff-data'), sn = document.getElementById('sample-data');
  if (!dn || !sn) return;
  var X = JSON.parse(dn.textContent || '{}');
  var D = null, S = null, N = 0, cur = -1, pair = [];
  var RES = X.patterns.map(function (p) { return { tag: p.tag, re: new RegExp(p.source, 'gi') }; });
  var NUMBER = /\d[\d,]*(?:\.\d+)?/g;
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function load() {
    if (D) return;
    D = JSON.parse(sn.textContent || '{}');
    S = D.s;
    N = S.m.length;
  }
  function tagNames(bits) {
    var names = [];
    for (var j = 0; j < D.dict.tag.length; j++) if (bits & (1 << j)) names.push(D.dict.tag[j]);
    return names.length ? names.join(', ') : 'none';
  }
  /** The samples of the same model, task, arm, item and trial, in budget order. */
  function siblings(i) {
    var out = [];
    for (var j = 0; j < N; j++)
      if (S.i[j] === S.i[i] && S.tr[j] === S.tr[i] && S.m[j] === S.m[i] && S.t[j] === S.t[i] && S.v[j] === S.v[i]) out.push(j);
    return out.sort(function (a, b) { return S.b[a] - S.b[b]; });
  }
  /** Where two texts part, backed off to a word boundary; 0 when they share only a few words. */
  function parting(a, b) {
    var n = Math.min(a.length, b.length), i = 0;
    while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i < n) { var k = Math.max(a.lastIndexOf(' ', i), a.lastIndexOf('\n', i)); i = k > 0 ? k + 1 : 0; }
    return i < 24 ? 0 : i;
  }
  /** Ranges [start, end, tag] of what the tag rules look for in a text. */
  function marks(text, item) {
    var out = [], m, j;
    for (j = 0; j < RES.length; j++) {
      var re = RES[j].re;
      re.lastIndex = 0;
      while ((m = re.exec(text)) !== null) {
        if (m[0].length === 0) { re.lastIndex++; continue; }
        out.push([m.index, m.index + m[0].length, RES[j].tag]);
      }
    }
    var nums = X.numbers[item];
    if (nums && nums.length) {
      NUMBER.lastIndex = 0;
      while ((m = NUMBER.exec(text)) !== null) {
        var v = m[0].replace(/,/g, '').replace(/\.$/, '');
        if (nums.indexOf(v) >= 0) out.push([m.index, m.index + m[0].length, 'distraction']);
      }
    }
    if (X.drift) {
      var sent = /[^.!?\n]+[.!?\n]?/g, prev = null, run = [];
      var flush = function () { if (run.length >= X.drift.minRun) for (var r = 0; r < run.length; r++) out.push(run[r]); };
      while ((m = sent.exec(text)) !== null) {
        var s = m[0].trim();
        var words = s.split(/\s+/).filter(Boolean).length;
        if (words >= X.drift.minWords && s === prev) run.push([m.index, m.index + m[0].length, 'drift']);
        else { flush(); run = words >= X.drift.minWords ? [[m.index, m.index + m[0].length, 'drift']] : []; }
        prev = s;
      }
      flush();
    }
    return out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
  }
  /** The text as text nodes and <mark> elements, from offset 'from' on. */
  function fill(pre, text, item, from) {
    var ms = marks(text, item), at = from;
    for (var j = 0; j < ms.length; j++) {
      var s = Math.max(ms[j][0], at), e = ms[j][1];
      if (e <= at) continue;
      if (s > at) pre.appendChild(document.createTextNode(text.slice(at, s)));
      var mk = el('mark', 't-' + ms[j][2], text.slice(s, e));
      mk.title = ms[j][2];
      pre.appendChild(mk);
      at = e;
    }
    if (at < text.length) pre.appendChild(document.createTextNode(text.slice(at)));
  }
  function options(sel, chosen) {
    sel.replaceChildren();
    pair.forEach(function (j) {
      var o = el('option', null, D.dict.budget[S.b[j]] + ' \u00b7 ' + D.dict.outcome[S.o[j]]);
      o.value = String(j);
      if (j === chosen) o.selected = true;
      sel.appendChild(o);
    });
  }
  function pick(i) {
    load();
    cur = i;
    pair = siblings(i);
    // Beside the largest budget by default; the largest itself beside the next one down that reasoned.
    var reasoned = pair.filter(function (j) { return j !== i && S.k[j] > 0; });
    var others = reasoned.length ? reasoned : pair.filter(function (j) { return j !== i; });
    var other = others.length ? others[others.length - 1] : i;
    var a = S.b[i] <= S.b[other] ? i : other, b = a === i ? other : i;
    options($('diff-a'), a);
    options($('diff-b'), b);
    $('diff-title').textContent = D.item.id[S.i[i]] + ' \u00b7 ' + D.dict.model[S.m[i]] + ' \u00b7 ' + D.dict.task[S.t[i]] + ' \u00b7 trial ' + S.tr[i];
    render();
  }
  function side(box, j, text, from) {
    var col = el('div', null);
    col.appendChild(el('h4', null, 'budget ' + D.dict.budget[S.b[j]] + ' \u00b7 ' + D.dict.outcome[S.o[j]] + ' \u00b7 ' + S.k[j] + ' reasoning tokens'));
    col.appendChild(el('p', 'muted', 'tags: ' + tagNames(S.g[j]) + ' \u00b7 answer: ' + (S.ans[j] || '(none)')));
    var pre = el('pre', 'reasoning');
    fill(pre, text, S.i[j], from);
    if (text === '') pre.appendChild(document.createTextNode('(no reasoning at this budget)'));
    else if (from >= text.length) pre.appendChild(document.createTextNode('(nothing after the shared part)'));
    col.appendChild(pre);
    var ans = el('details', 'answer');
    ans.appendChild(el('summary', null, 'Answer'));
    ans.appendChild(el('pre', null, S.txt[j] || '(empty)'));
    col.appendChild(ans);
    box.appendChild(col);
  }
  function render() {
    var view = $('diff-view');
    view.replaceChildren();
    if (cur < 0) return;
    var a = Number($('diff-a').value), b = Number($('diff-b').value);
    if (D.simulated) view.appendChild(el('p', 'notice small', 'SIMULATED MODEL: these transcripts were generated by a simulator.'));
    if (pair.length < 2) { view.appendChild(el('p', 'muted', 'This item and trial has one budget only.')); return; }
    var ta = S.rsn[a] || '', tb = S.rsn[b] || '', cut = parting(ta, tb);
    if (cut > 0) {
      var sh = el('details', 'shared');
      sh.appendChild(el('summary', null, 'Both traces begin with the same ' + cut + ' characters (click to read)'));
      var p = el('pre', null);
      fill(p, ta.slice(0, cut), S.i[a], 0);
      sh.appendChild(p);
      view.appendChild(sh);
    } else view.appendChild(el('p', 'muted', 'The two traces part from their first words.'));
    var sides = el('div', 'sides');
    side(sides, a, ta, cut);
    side(sides, b, tb, cut);
    view.appendChild(sides);
  }
  $('diff-a').addEventListener('change', render);
  $('diff-b').addEventListener('change', render);
  var rows = $('sample-rows');
  if (rows) {
    rows.addEventListener('click', function (ev) {
      var tr = ev.target.closest('tr');
      if (tr && tr.dataset.idx) pick(Number(tr.dataset.idx));
    });
    rows.addEventListener('keydown', function (ev) {
      var tr = ev.target.closest('tr');
      if (tr && tr.dataset.idx && (ev.key === 'Enter' || ev.key === ' ')) pick(Number(tr.dataset.idx));
    });
  }
  if (X.start !== null) setTimeout(function () { pick(X.start); }, 0);
})();
`;
