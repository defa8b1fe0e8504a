/**
 * The viewer's one script (allowed by its hash in the Content-Security-Policy). It reads the page's
 * JSON block, asks the server for JSON, and builds every element with createElement and textContent
 * — never innerHTML — so model text containing markup stays text. The only HTML it inserts is the
 * report's views, rendered and escaped by the server (report/html*.ts), parsed with DOMParser,
 * which runs no script. Kept free of template literals so it can live in a TS string.
 */
export const VIEW_SCRIPT = `
(function () {
  'use strict';
  var node = document.getElementById('view-data');
  if (!node) return;
  var D = JSON.parse(node.textContent || '{}');
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function link(href, text) { var a = el('a', null, text); a.href = href; return a; }
  function getJson(url) {
    return fetch(url, { headers: { accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || r.statusText); return j; });
    });
  }
  function fmtInt(n) { return n === null || n === undefined ? '?' : Number(n).toLocaleString('en-US'); }
  function runHref(s, id) { return '/run/' + s + '/' + encodeURIComponent(id); }

  // ---- the run list -------------------------------------------------------------------------
  function runList() {
    var runs = D.runs, shapes = {}, asked = {};
    var body = $('run-rows');
    function key(r) { return r.store + ':' + r.id; }
    function progress(r) {
      return fmtInt(r.done) + ' / ' + (r.planned === null ? '?' : fmtInt(r.planned)) +
        (r.failed ? ' (' + fmtInt(r.failed) + ' failed)' : '');
    }
    function shown() {
      var q = $('run-filter').value.trim().toLowerCase(), st = $('run-status').value, sort = $('run-sort').value;
      var xs = runs.filter(function (r) {
        if (st && r.status !== st) return false;
        if (!q) return true;
        var hay = [r.id, r.name || '', r.tasks.join(' '), r.models.map(function (m) { return m.id; }).join(' '), D.stores[r.store]].join(' ').toLowerCase();
        return hay.indexOf(q) >= 0;
      });
      xs.sort(function (a, b) {
        if (sort === 'created') return b.created < a.created ? -1 : b.created > a.created ? 1 : 0;
        if (sort === 'samples') return b.stored - a.stored;
        if (sort === 'cost') return b.costUsd - a.costUsd;
        if (sort === 'name') return (a.name || a.id).localeCompare(b.name || b.id);
        return b.updated < a.updated ? -1 : b.updated > a.updated ? 1 : 0;
      });
      return xs;
    }
    function render() {
      var xs = shown();
      body.replaceChildren();
      xs.forEach(function (r) {
        var tr = el('tr', 'run-row');
        tr.dataset.run = key(r);
        var pick = el('input');
        pick.type = 'checkbox';
        pick.className = 'pick';
        pick.value = key(r);
        var c0 = el('td'); c0.appendChild(pick); tr.appendChild(c0);
        var c1 = el('td', 'l');
        c1.appendChild(link(runHref(r.store, r.id), r.name ? r.name + ' (' + r.id + ')' : r.id));
        if (r.simulated) c1.appendChild(el('span', 'sim-tag', 'simulated'));
        if (D.stores.length > 1) c1.appendChild(el('div', 'muted', D.stores[r.store]));
        tr.appendChild(c1);
        tr.appendChild(el('td', 'l', r.models.map(function (m) { return m.id; }).join(', ')));
        tr.appendChild(el('td', 'l', r.tasks.join(', ')));
        tr.appendChild(el('td', 'l', r.models.map(function (m) {
          return Array.isArray(m.budgets) ? m.budgets.join(', ') : m.budgets;
        }).filter(function (v, i, a) { return a.indexOf(v) === i; }).join(' | ')));
        tr.appendChild(el('td', 'l status-' + r.status, r.status));
        var prog = el('td', 'progress', progress(r));
        tr.appendChild(prog);
        tr.appendChild(el('td', null, '$' + r.costUsd.toFixed(2)));
        var sh = el('td', 'l shapes');
        var got = shapes[key(r)];
        if (got && got.version === r.version) got.labels.forEach(function (s) {
          sh.appendChild(el('div', null, s.task + ' · ' + s.model + (s.variant && s.variant !== 'paper' && s.variant !== 'default' ? ' · ' + s.variant : '') + ': ' + s.label));
        });
        else sh.appendChild(el('span', 'muted', '…'));
        tr.appendChild(sh);
        tr.appendChild(el('td', 'l', r.created.slice(0, 16).replace('T', ' ')));
        body.appendChild(tr);
      });
      $('run-count').textContent = xs.length + ' of ' + runs.length + ' runs';
      nextShape();
    }
    // Shape labels need each run's analysis: asked for one run at a time, newest first.
    var busy = false;
    function nextShape() {
      if (busy) return;
      var r = runs.find(function (x) {
        var got = shapes[key(x)];
        var last = asked[key(x)];
        // A running run's shapes are asked for again at most every 10 s: each ask analyses it.
        var due = !last || (last.version !== x.version && (x.status !== 'running' || Date.now() - last.at > 10000));
        return (!got || got.version !== x.version) && due && x.done > 0;
      });
      if (!r) return;
      busy = true;
      asked[key(r)] = { version: r.version, at: Date.now() };
      getJson('/api/run/' + r.store + '/' + encodeURIComponent(r.id) + '/shapes').then(function (j) {
        shapes[key(r)] = j;
      }).catch(function () {}).then(function () { busy = false; render(); });
    }
    ['run-filter', 'run-status', 'run-sort'].forEach(function (id) {
      $(id).addEventListener('input', render);
    });
    $('compare-picked').addEventListener('click', function () {
      var picked = Array.prototype.map.call(document.querySelectorAll('.pick:checked'), function (c) { return c.value; });
      if (picked.length < 2) { $('compare-hint').textContent = 'pick at least two runs'; return; }
      location.href = '/compare?' + picked.map(function (p) { return 'run=' + encodeURIComponent(p); }).join('&');
    });
    function poll() {
      getJson('/api/runs').then(function (j) {
        var before = runs.map(function (r) { return r.version; }).join('|');
        runs = j.runs;
        if (runs.map(function (r) { return r.version; }).join('|') !== before) render();
      }).catch(function () {}).then(function () { setTimeout(poll, D.pollMs); });
    }
    render();
    setTimeout(poll, D.pollMs);
  }

  // ---- a run: live progress, the report's views, the sample browser --------------------------
  function runPage() {
    var base = '/api/run/' + D.store + '/' + encodeURIComponent(D.run);
    var version = D.version, viewsShown = D.viewsLoaded ? version : null, viewsBusy = false;
    function showProgress(p) {
      $('run-state').textContent = p.status;
      $('run-progress-text').textContent = fmtInt(p.done) + ' of ' + (p.planned === null ? '?' : fmtInt(p.planned)) + ' samples done' + (p.failed ? ', ' + fmtInt(p.failed) + ' failed' : '');
      var bar = $('run-progress');
      if (p.planned) { bar.max = p.planned; bar.value = p.done; }
    }
    function loadViews() {
      if (viewsBusy) return;
      viewsBusy = true;
      var want = version;
      $('views-state').textContent = 'analysing…';
      fetch(base + '/views').then(function (r) {
        return r.text().then(function (t) { if (!r.ok) throw new Error(t); return t; });
      }).then(function (html) {
        // The server escaped every piece of model text; DOMParser runs no script.
        var doc = new DOMParser().parseFromString('<div>' + html + '</div>', 'text/html');
        $('views').replaceChildren.apply($('views'), Array.prototype.slice.call(doc.body.firstChild.childNodes));
        viewsShown = want;
        $('views-state').textContent = 'as of ' + fmtInt(Number(want.split('.')[1])) + ' samples done';
      }).catch(function (e) {
        $('views-state').textContent = 'could not analyse: ' + e.message;
      }).then(function () { viewsBusy = false; if (viewsShown !== null && viewsShown !== version && live()) loadViews(); });
    }
    function live() { return $('run-state').textContent === 'running'; }
    var loadBtn = $('load-views');
    if (loadBtn) loadBtn.addEventListener('click', function () { loadBtn.remove(); loadViews(); });
    if (D.autoViews && !D.viewsLoaded) loadViews();
    function poll() {
      getJson(base + '/progress').then(function (p) {
        var changed = p.version !== version;
        version = p.version;
        showProgress(p);
        if (changed) {
          if (viewsShown !== null || D.autoViews) loadViews();
          refreshSamples(false);
        }
      }).catch(function () {}).then(function () { setTimeout(poll, D.pollMs); });
    }
    setTimeout(poll, D.pollMs);

    // The sample browser: filters in the URL (a deep link), one page from the server at a time.
    var F = ['model', 'task', 'variant', 'budget', 'outcome'];
    var params = new URLSearchParams(location.search);
    var page = Number(params.get('page') || 0), openKey = params.get('open');
    F.forEach(function (f) {
      var sel = $('f-' + f);
      var all = el('option', null, 'all'); all.value = ''; sel.appendChild(all);
      D.choices[f].forEach(function (v) { var o = el('option', null, v); o.value = v; sel.appendChild(o); });
      if (params.get(f)) sel.value = params.get(f);
      sel.addEventListener('change', function () { page = 0; refreshSamples(true); });
    });
    $('f-item').value = params.get('item') || '';
    var typing;
    $('f-item').addEventListener('input', function () {
      clearTimeout(typing);
      typing = setTimeout(function () { page = 0; refreshSamples(true); }, 250);
    });
    $('prev-page').addEventListener('click', function () { if (page > 0) { page--; refreshSamples(true); } });
    $('next-page').addEventListener('click', function () { page++; refreshSamples(true); });
    $('reset-filters').addEventListener('click', function () {
      F.forEach(function (f) { $('f-' + f).value = ''; });
      $('f-item').value = '';
      page = 0;
      refreshSamples(true);
    });
    function query() {
      var q = new URLSearchParams();
      F.forEach(function (f) { if ($('f-' + f).value) q.set(f, $('f-' + f).value); });
      if ($('f-item').value.trim()) q.set('item', $('f-item').value.trim());
      return q;
    }
    function deepLink(key) {
      var q = query();
      if (page) q.set('page', String(page));
      if (key) q.set('open', key);
      var s = q.toString();
      return location.pathname + (s ? '?' + s : '') + '#samples';
    }
    var seq = 0;
    function refreshSamples(push) {
      var q = query();
      q.set('page', String(page));
      var mine = ++seq;
      if (push) history.replaceState(null, '', deepLink(openKey));
      getJson(base + '/samples?' + q.toString()).then(function (r) {
        if (mine !== seq) return;
        page = r.page;
        $('match-count').textContent = fmtInt(r.total) + ' samples';
        $('page-info').textContent = 'page ' + (r.page + 1) + ' of ' + fmtInt(r.pages);
        var body = $('sample-rows');
        body.replaceChildren();
        r.rows.forEach(function (s) {
          var tr = el('tr', 'sample-row');
          tr.dataset.key = s.key;
          [s.model, s.task, s.item, s.budget, s.trial, s.outcome, s.reasoningTokens === null ? '' : s.reasoningTokens, s.expected, s.answer].forEach(function (v, i) {
            tr.appendChild(el('td', i === 5 ? 'o-' + s.outcome : null, v));
          });
          tr.addEventListener('click', function () { toggle(s.key, tr); });
          body.appendChild(tr);
          if (openKey === s.key) toggle(s.key, tr, true);
        });
      }).catch(function (e) { $('match-count').textContent = e.message; });
    }
    function toggle(key, tr, keep) {
      var old = document.querySelector('#sample-rows tr.detail-row');
      var same = old && old.previousSibling === tr;
      if (old) old.remove();
      if (same && !keep) { openKey = null; history.replaceState(null, '', deepLink(null)); return; }
      openKey = key;
      history.replaceState(null, '', deepLink(key));
      var row = el('tr', 'detail-row'), td = el('td');
      td.colSpan = 9;
      var box = el('div');
      box.id = 'sample-detail';
      box.appendChild(el('p', 'muted', 'loading the trace…'));
      td.appendChild(box); row.appendChild(td);
      tr.after(row);
      getJson(base + '/sample/' + encodeURIComponent(key)).then(function (t) { showTrace(box, t); })
        .catch(function (e) { box.replaceChildren(el('p', 'warn', e.message)); });
    }
    function showTrace(box, t) {
      box.replaceChildren();
      var head = el('p');
      head.appendChild(el('b', null, t.model + ' · ' + t.task + ' · item ' + t.item + ' · budget ' + t.budget + ' · trial ' + t.trial + ' · ' + t.outcome));
      head.appendChild(document.createTextNode(' · '));
      var q = new URLSearchParams({ model: t.model, task: t.task, variant: t.variant, budget: t.budget, item: t.item, open: t.key });
      var a = link(location.pathname + '?' + q.toString() + '#samples', 'link to this sample');
      a.className = 'deep-link';
      head.appendChild(a);
      head.appendChild(document.createTextNode(' · '));
      head.appendChild(link('/item?task=' + encodeURIComponent(t.task) + '&item=' + encodeURIComponent(t.item), 'this item across runs'));
      box.appendChild(head);
      box.appendChild(el('p', null, 'expected answer: ' + (t.expected || '—') + ' · model answer: ' + (t.answer === null ? '(none found)' : t.answer)));
      var facts = ['stop reason ' + (t.stopReason || '—'), 'reasoning tokens ' + (t.reasoningTokens === null ? '—' : t.reasoningTokens),
        'output tokens ' + (t.outputTokens === null ? '—' : t.outputTokens), 'cost $' + (t.costUsd || 0).toFixed(4)];
      if (t.budgetNote) facts.push(t.budgetNote);
      box.appendChild(el('p', 'muted', facts.join(' · ')));
      if (t.error) box.appendChild(el('pre', 'warn', (t.errorClass ? t.errorClass + ': ' : '') + t.error));
      var pd = el('details'); pd.appendChild(el('summary', null, 'prompt (' + fmtInt(t.prompt.length) + ' characters)'));
      pd.appendChild(el('pre', 'prompt', t.prompt)); box.appendChild(pd);
      box.appendChild(el('h3', null, 'answer'));
      box.appendChild(el('pre', 'answer', t.text || '(empty)'));
      var rd = el('details', 'reasoning');
      rd.appendChild(el('summary', null, 'reasoning (' + fmtInt(t.reasoning.length) + ' characters)'));
      rd.appendChild(el('pre', 'reasoning-text', t.reasoning || '(none)'));
      box.appendChild(rd);
    }
    refreshSamples(false);
    if (openKey && location.hash === '#samples') $('samples').scrollIntoView();
  }

  if (D.page === 'runs') runList();
  if (D.page === 'run') runPage();
})();
`;
