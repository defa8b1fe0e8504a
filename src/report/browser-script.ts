/**
 * The report's only script: the sample browser. It reads the JSON block written by sample-data.ts,
 * filters with plain loops (100k samples filter in milliseconds), shows one page of rows at a time
 * and puts every piece of model text on the page with textContent — never innerHTML — so a trace
 * containing markup stays text. Kept free of template literals so it can live in a TS string, and
 * ASCII: a character beyond it is written as a JavaScript escape, since the build keeps the bundle
 * ASCII and cannot escape inside a String.raw (scripts/bundle.mjs).
 */
export const BROWSER_SCRIPT = String.raw`
(function () {
  'use strict';
  var node = document.getElementById('sample-data');
  if (!node) return;
  var D = JSON.parse(node.textContent || '{}');
  var S = D.s, N = S.m.length, PAGE = 25;
  var page = 0, matches = new Int32Array(0), open = -1, COLS = 12;
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fill(sel, values, labels) {
    var all = el('option', null, 'all');
    all.value = '';
    sel.appendChild(all);
    values.forEach(function (v, i) {
      var o = el('option', null, labels ? labels[i] : v);
      o.value = String(i);
      sel.appendChild(o);
    });
  }
  var order = D.dict.stratum.map(function (_, i) { return i; }).sort(function (a, b) {
    return D.dict.stratum[a].localeCompare(D.dict.stratum[b], undefined, { numeric: true });
  });
  fill($('f-model'), D.dict.model);
  fill($('f-task'), D.dict.task);
  fill($('f-budget'), D.dict.budget);
  fill($('f-outcome'), D.dict.outcome);
  fill($('f-tag'), D.dict.tag);
  fill($('f-flips'), ['smallest \u2192 largest budget', 'best \u2192 largest budget']);
  var st = $('f-stratum');
  var allS = el('option', null, 'all');
  allS.value = '';
  st.appendChild(allS);
  order.forEach(function (i) {
    var o = el('option', null, D.dict.stratum[i]);
    o.value = String(i);
    st.appendChild(o);
  });
  function num(id) { var v = $(id).value; return v === '' ? -1 : Number(v); }
  function apply() {
    var m = num('f-model'), t = num('f-task'), b = num('f-budget'), o = num('f-outcome'), s = num('f-stratum');
    var tag = num('f-tag'), tagBit = tag < 0 ? 0 : 1 << tag, fl = num('f-flips');
    var flips = fl < 0 ? 0 : fl === 0 ? 3 : 12;
    var q = $('f-item').value.trim().toLowerCase();
    var out = new Int32Array(N), k = 0;
    for (var i = 0; i < N; i++) {
      if (m >= 0 && S.m[i] !== m) continue;
      if (t >= 0 && S.t[i] !== t) continue;
      if (b >= 0 && S.b[i] !== b) continue;
      if (o >= 0 && S.o[i] !== o) continue;
      if (s >= 0 && D.item.stratum[S.i[i]] !== s) continue;
      if (tagBit && !(S.g[i] & tagBit)) continue;
      if (flips && !(S.f[i] & flips)) continue;
      if (q && D.item.id[S.i[i]].toLowerCase().indexOf(q) < 0) continue;
      out[k++] = i;
    }
    matches = out.subarray(0, k);
    page = 0;
    open = -1;
    render();
  }
  function tagNames(bits) {
    var names = [];
    for (var j = 0; j < D.dict.tag.length; j++) if (bits & (1 << j)) names.push(D.dict.tag[j]);
    return names.join(', ');
  }
  function dirName(f) { return f === 1 ? 'right\u2192wrong' : f === 2 ? 'wrong\u2192right' : ''; }
  function flipName(f) {
    var ends = dirName(f & 3), best = dirName((f >> 2) & 3);
    return [ends, best ? best + ' (from best)' : ''].filter(Boolean).join('; ');
  }
  function render() {
    var pages = Math.max(1, Math.ceil(matches.length / PAGE));
    if (page >= pages) page = pages - 1;
    $('match-count').textContent = matches.length + ' of ' + N + ' samples';
    $('page-info').textContent = 'page ' + (page + 1) + ' of ' + pages;
    $('prev-page').disabled = page === 0;
    $('next-page').disabled = page >= pages - 1;
    var body = $('sample-rows');
    body.replaceChildren();
    var end = Math.min(matches.length, (page + 1) * PAGE);
    for (var r = page * PAGE; r < end; r++) {
      var i = matches[r], tr = el('tr', 'sample-row');
      tr.dataset.idx = String(i);
      tr.tabIndex = 0;
      var it = S.i[i], stIdx = D.item.stratum[it];
      [D.dict.model[S.m[i]], D.dict.task[S.t[i]], D.item.id[it], stIdx >= 0 ? D.dict.stratum[stIdx] : '',
        D.dict.budget[S.b[i]], S.tr[i], D.dict.outcome[S.o[i]], S.k[i], tagNames(S.g[i]), flipName(S.f[i]),
        D.item.target[it], S.ans[i]
      ].forEach(function (v, c) { tr.appendChild(el('td', c === 6 ? 'o-' + v : null, v)); });
      body.appendChild(tr);
      if (i === open) body.appendChild(detailRow(i));
    }
  }
  function section(parent, title, text, open, cls) {
    var d = el('details', cls);
    if (open) d.open = true;
    d.appendChild(el('summary', null, title));
    d.appendChild(el('pre', null, text));
    parent.appendChild(d);
    return d;
  }
  // The transcript opens in a row right under the one clicked (clicked again, it closes), so it is
  // read where the eye already is rather than below the whole table.
  function toggle(tr) {
    var i = Number(tr.dataset.idx), old = $('sample-rows').querySelector('tr.detail-row');
    if (old) old.remove();
    if (open === i) { open = -1; return; }
    open = i;
    var row = detailRow(i);
    tr.after(row);
    row.scrollIntoView({ block: 'nearest' });
  }
  function detailRow(i) {
    var row = el('tr', 'detail-row'), td = el('td'), box = el('div');
    td.colSpan = COLS;
    box.id = 'sample-detail';
    td.appendChild(box);
    row.appendChild(td);
    show(box, i);
    return row;
  }
  function show(box, i) {
    var it = S.i[i];
    box.appendChild(el('h3', null, D.item.id[it] + ' \u00b7 ' + D.dict.model[S.m[i]] + ' \u00b7 budget ' + D.dict.budget[S.b[i]] + ' \u00b7 trial ' + S.tr[i]));
    if (D.simulated) box.appendChild(el('p', 'notice small', 'SIMULATED MODEL: this transcript was generated by a simulator.'));
    var meta = el('p', null, 'outcome ' + D.dict.outcome[S.o[i]] + ' \u00b7 ' + S.k[i] + ' reasoning tokens \u00b7 expected answer: ' + D.item.target[it] + ' \u00b7 model answer: ' + (S.ans[i] || '(none found)'));
    box.appendChild(meta);
    if (S.g[i]) box.appendChild(el('p', null, 'tags: ' + tagNames(S.g[i])));
    if (S.f[i] & 3) box.appendChild(el('p', null, 'item flips ' + dirName(S.f[i] & 3) + ' between the smallest and largest budget'));
    if (S.f[i] & 12) box.appendChild(el('p', null, 'item flips ' + dirName((S.f[i] >> 2) & 3) + ' between the best and the largest budget'));
    section(box, 'Prompt', D.item.prompt[it], false);
    section(box, 'Reasoning (' + S.k[i] + ' tokens)', S.rsn[i] || '(no reasoning text)', false, 'reasoning');
    section(box, 'Answer', S.txt[i] || '(empty)', true, 'answer');
  }
  function csv() {
    var head = ['model', 'task', 'item', 'stratum', 'budget', 'trial', 'outcome', 'reasoning_tokens', 'tags', 'flip', 'target', 'model_answer'];
    var lines = [head.join(',')];
    for (var r = 0; r < matches.length; r++) {
      var i = matches[r], it = S.i[i], stIdx = D.item.stratum[it];
      lines.push([D.dict.model[S.m[i]], D.dict.task[S.t[i]], D.item.id[it], stIdx >= 0 ? D.dict.stratum[stIdx] : '',
        D.dict.budget[S.b[i]], S.tr[i], D.dict.outcome[S.o[i]], S.k[i], tagNames(S.g[i]), flipName(S.f[i]),
        D.item.target[it], S.ans[i]
      ].map(function (v) { var s = String(v); return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; }).join(','));
    }
    var a = el('a');
    a.href = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }));
    a.download = 'samples-filtered.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  ['f-model', 'f-task', 'f-budget', 'f-outcome', 'f-stratum', 'f-tag', 'f-flips'].forEach(function (id) {
    $(id).addEventListener('change', apply);
  });
  $('f-item').addEventListener('input', apply);
  $('prev-page').addEventListener('click', function () { page--; render(); });
  $('next-page').addEventListener('click', function () { page++; render(); });
  $('reset-filters').addEventListener('click', function () {
    ['f-model', 'f-task', 'f-budget', 'f-outcome', 'f-stratum', 'f-tag', 'f-flips', 'f-item'].forEach(function (id) { $(id).value = ''; });
    apply();
  });
  $('download-csv').addEventListener('click', csv);
  $('sample-rows').addEventListener('click', function (ev) {
    var tr = ev.target.closest('tr.sample-row');
    if (tr) toggle(tr);
  });
  $('sample-rows').addEventListener('keydown', function (ev) {
    var tr = ev.target.closest('tr.sample-row');
    if (tr && (ev.key === 'Enter' || ev.key === ' ')) { ev.preventDefault(); toggle(tr); }
  });
  apply();
})();
`;
