/* Handprint pages: answer drafts kept on the phone, submissions queued while
   offline and replayed with the same idempotency key, keyboard choices, audio
   tools, and the bounding-box, polygon and keypoint editors. Plain forms work without
   any of it. */
(function () {
  'use strict';
  var QUEUE = 'hp:queue';
  function $(s, r) { return (r || document).querySelector(s); }
  function $$(s, r) { return Array.prototype.slice.call((r || document).querySelectorAll(s)); }
  function load(k, d) { try { var v = localStorage.getItem(k); return v ? JSON.parse(v) : d; } catch (e) { return d; } }
  function save(k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* full or disabled */ } }
  function drop(k) { try { localStorage.removeItem(k); } catch (e) { /* disabled */ } }

  var note = $('#queue-status');
  /* One status at a time: a new one replaces the page's own ("✓ Answer sent." of the task before). */
  function say(text, offline) {
    var flash = $('#task-flash');
    if (flash) flash.remove();
    if (!note) return;
    note.textContent = text || '';
    note.hidden = !text;
    note.className = 'queue' + (offline ? ' offline' : '');
  }
  function post(url, body) {
    return fetch(url, {
      method: 'POST', body: body, credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-hp-fetch': '1' }
    });
  }

  /* The offline queue: each item is a whole submission, sent again as it was. */
  var flushing = false;
  function flush() {
    var queue = load(QUEUE, []);
    if (flushing || !queue.length) return;
    if (!navigator.onLine) { say(queue[0].queued, true); return; }
    flushing = true;
    var item = queue[0];
    say(item.sending, false);
    post(item.url, item.body).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        // Answered by the server (accepted, or refused for good): it leaves the queue.
        save(QUEUE, load(QUEUE, []).filter(function (x) { return x.key !== item.key; }));
        drop('hp:draft:' + item.assignment);
        flushing = false;
        if (r.ok && j.ok) {
          say(item.sent, false);
          var here = $('#task-form');
          if (here && here.getAttribute('data-assignment') === item.assignment && j.next) { location.href = j.next; return; }
        } else {
          say(j.message || (j.errors || []).join(' ') || item.failed, true);
        }
        flush();
      });
    }, function () {
      flushing = false;
      say(item.queued, true);
    });
  }
  window.addEventListener('online', flush);
  window.addEventListener('offline', function () { var q = load(QUEUE, []); if (q.length) say(q[0].queued, true); });
  // Some phones never fire "online": look again now and then while something waits.
  setInterval(function () { if (load(QUEUE, []).length) flush(); }, 4000);

  /* Drafts: every change of a task form is kept, keyed by assignment. */
  function fieldsOf(form) {
    var out = [];
    $$('input,textarea,select', form).forEach(function (el) {
      if (!el.name || el.name === '_csrf' || el.name === 'idempotency_key') return;
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) return;
      out.push([el.name, el.value]);
    });
    return out;
  }
  function restore(form, fields) {
    $$('input,textarea,select', form).forEach(function (el) {
      if (!el.name || el.name === '_csrf' || el.name === 'idempotency_key') return;
      var values = fields.filter(function (f) { return f[0] === el.name; }).map(function (f) { return f[1]; });
      if (el.type === 'radio' || el.type === 'checkbox') el.checked = values.indexOf(el.value) >= 0;
      else if (values.length) el.value = values[0];
    });
  }

  function taskForm(form) {
    var id = form.getAttribute('data-assignment');
    var key = 'hp:draft:' + id;
    var errors = $('#errors');
    var draft = load(key, null);
    if (draft && errors && errors.hidden) restore(form, draft);
    var keep = function () { save(key, fieldsOf(form)); };
    form.addEventListener('input', keep);
    form.addEventListener('change', keep);
    var waiting = load(QUEUE, []).filter(function (x) { return x.assignment === id; });
    if (waiting.length) say(waiting[0].queued, true);

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var data = new URLSearchParams(new FormData(form));
      if (e.submitter && e.submitter.name) data.set(e.submitter.name, e.submitter.value);
      var item = {
        url: form.action, body: data.toString(), key: data.get('idempotency_key'), assignment: id,
        queued: form.getAttribute('data-queued'), sending: form.getAttribute('data-sending'), sent: form.getAttribute('data-sent'),
        failed: form.getAttribute('data-failed')
      };
      if (errors) errors.hidden = true;
      var enqueue = function () {
        var q = load(QUEUE, []).filter(function (x) { return x.key !== item.key; });
        q.push(item);
        save(QUEUE, q);
        say(item.queued, true);
      };
      if (!navigator.onLine) { enqueue(); return; }
      $$('button[type=submit]', form).forEach(function (b) { b.disabled = true; });
      say(item.sending, false);
      post(item.url, item.body).then(function (r) {
        return r.json().then(function (j) {
          $$('button[type=submit]', form).forEach(function (b) { b.disabled = false; });
          if (r.ok && j.ok) { drop(key); location.href = j.next; return; }
          say('', false);
          if (errors) {
            errors.hidden = false;
            errors.textContent = '';
            var ul = document.createElement('ul');
            (j.errors || [j.message]).forEach(function (m) { var li = document.createElement('li'); li.textContent = m; ul.appendChild(li); });
            errors.appendChild(ul);
            errors.scrollIntoView();
          }
        }, function () { form.submit(); });
      }, function () {
        $$('button[type=submit]', form).forEach(function (b) { b.disabled = false; });
        enqueue();
      });
    });

    // A custom HTML task: its sandboxed frame hands the answer over (see docs/web.md).
    var frame = $('#custom-frame', form);
    if (frame) window.addEventListener('message', function (e) {
      if (e.source !== frame.contentWindow || !e.data || e.data.handprint !== 'answer') return;
      $('#answer-json', form).value = JSON.stringify(e.data.answer);
      var b = $('#submit', form);
      if (form.requestSubmit) form.requestSubmit(b); else b.click();
    });

    // Digit keys pick an option, Enter sends (not while typing text).
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      var typing = t && (t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || (t.tagName === 'INPUT' && !/^(radio|checkbox)$/.test(t.type)));
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (/^[0-9]$/.test(e.key)) {
        var kbd = $$('kbd', form).filter(function (k) { return k.textContent === e.key; })[0];
        var input = kbd && (kbd.parentNode.querySelector('input') || (kbd.parentNode.tagName === 'BUTTON' && kbd.parentNode));
        if (input) { input.click(); input.focus(); e.preventDefault(); }
      } else if ($('.pairwise', form) && /^Arrow(Left|Right|Down)$/.test(e.key)) {
        // A comparison: ← the left, → the right, ↓ a tie.
        var side = { ArrowLeft: 'left', ArrowRight: 'right', ArrowDown: 'tie' }[e.key];
        var pick = $('.pairwise input[value=' + side + ']', form);
        if (pick) { pick.click(); pick.focus(); e.preventDefault(); }
      } else if (e.key === 'Enter' && !(t && t.tagName === 'BUTTON')) {
        e.preventDefault();
        var b = $('#submit', form);
        if (form.requestSubmit) form.requestSubmit(b); else b.click();
      }
    });
  }

  /* Audio: rewind and slower playback for transcription. */
  function audio(root) {
    $$('.audio', root).forEach(function (box) {
      var player = $('audio', box), tools = $('.audio-tools', box);
      if (!player || !tools) return;
      tools.hidden = false;
      tools.addEventListener('click', function (e) {
        var b = e.target.closest('button');
        if (!b) return;
        if (b.hasAttribute('data-rate')) player.playbackRate = parseFloat(b.getAttribute('data-rate'));
        if (b.hasAttribute('data-back')) player.currentTime = Math.max(0, player.currentTime - parseFloat(b.getAttribute('data-back')));
      });
    });
  }

  /* Bounding boxes: draw, move, resize, delete and label, with mouse, pen or touch. */
  function boxer(el) {
    var stage = $('.stage', el), img = $('.box-img', el), list = $('.box-list', el), out = $('.answer-json', el);
    var pick = $('select', el);
    var max = parseInt(el.getAttribute('data-max'), 10) || 50;
    var labels = $$('option', pick).map(function (o) { return o.value; });
    var boxes = [];
    try { boxes = (JSON.parse(out.value || '{}').boxes) || []; } catch (e) { boxes = []; }
    var selected = -1, drag = null;
    function scale() { return img.naturalWidth && img.clientWidth ? img.naturalWidth / img.clientWidth : 1; }
    function limits() { return [img.naturalWidth || img.clientWidth, img.naturalHeight || img.clientHeight]; }
    function point(e) {
      var r = stage.getBoundingClientRect(), s = scale(), l = limits();
      return [Math.min(Math.max(0, (e.clientX - r.left) * s), l[0]), Math.min(Math.max(0, (e.clientY - r.top) * s), l[1])];
    }
    function write() {
      out.value = JSON.stringify({ boxes: boxes.map(function (b) {
        return { x: Math.round(b.x), y: Math.round(b.y), w: Math.max(1, Math.round(b.w)), h: Math.max(1, Math.round(b.h)), label: b.label };
      }) });
      out.dispatchEvent(new Event('input', { bubbles: true }));
    }
    function draw() {
      $$('.bx', stage).forEach(function (n) { n.remove(); });
      var s = scale();
      boxes.forEach(function (b, i) {
        var d = document.createElement('div');
        d.className = 'bx' + (i === selected ? ' sel' : '');
        d.setAttribute('data-i', i);
        d.tabIndex = 0;
        d.setAttribute('aria-label', el.getAttribute('data-box-text') + ' ' + (i + 1) + ': ' + b.label);
        d.style.left = (b.x / s) + 'px'; d.style.top = (b.y / s) + 'px';
        d.style.width = (b.w / s) + 'px'; d.style.height = (b.h / s) + 'px';
        var tag = document.createElement('span'); tag.textContent = (i + 1) + ' ' + b.label; d.appendChild(tag);
        var h = document.createElement('i'); h.setAttribute('data-resize', i); d.appendChild(h);
        stage.appendChild(d);
      });
      list.textContent = '';
      boxes.forEach(function (b, i) {
        var li = document.createElement('li');
        var lab = document.createElement('label');
        lab.textContent = el.getAttribute('data-label-text') + ' ' + (i + 1);
        lab.style.display = 'inline';
        var s2 = document.createElement('select');
        s2.className = 'box-label-of';
        labels.forEach(function (l) { var o = document.createElement('option'); o.value = l; o.textContent = l; if (l === b.label) o.selected = true; s2.appendChild(o); });
        s2.addEventListener('change', function () { b.label = s2.value; write(); draw(); });
        lab.appendChild(s2);
        var del = document.createElement('button');
        del.type = 'button'; del.className = 'box-delete'; del.textContent = el.getAttribute('data-delete');
        del.addEventListener('click', function () { boxes.splice(i, 1); selected = -1; write(); draw(); });
        li.appendChild(lab); li.appendChild(del);
        list.appendChild(li);
      });
    }
    stage.addEventListener('pointerdown', function (e) {
      if (e.button > 0) return;
      var p = point(e), t = e.target;
      if (t.hasAttribute('data-resize')) {
        selected = +t.getAttribute('data-resize');
        drag = { mode: 'resize', i: selected };
      } else if (t.closest('.bx')) {
        selected = +t.closest('.bx').getAttribute('data-i');
        var b = boxes[selected];
        drag = { mode: 'move', i: selected, dx: p[0] - b.x, dy: p[1] - b.y };
      } else {
        if (boxes.length >= max) return;
        boxes.push({ x: p[0], y: p[1], w: 0, h: 0, label: pick.value || labels[0] });
        selected = boxes.length - 1;
        drag = { mode: 'new', i: selected, x0: p[0], y0: p[1] };
      }
      stage.setPointerCapture(e.pointerId);
      e.preventDefault();
      draw();
    });
    stage.addEventListener('pointermove', function (e) {
      if (!drag) return;
      var p = point(e), b = boxes[drag.i], l = limits();
      if (drag.mode === 'new') {
        b.x = Math.min(drag.x0, p[0]); b.y = Math.min(drag.y0, p[1]);
        b.w = Math.abs(p[0] - drag.x0); b.h = Math.abs(p[1] - drag.y0);
      } else if (drag.mode === 'move') {
        b.x = Math.min(Math.max(0, p[0] - drag.dx), l[0] - b.w);
        b.y = Math.min(Math.max(0, p[1] - drag.dy), l[1] - b.h);
      } else {
        b.w = Math.max(2, p[0] - b.x); b.h = Math.max(2, p[1] - b.y);
      }
      draw();
    });
    function end() {
      if (!drag) return;
      var b = boxes[drag.i];
      if (drag.mode === 'new' && (b.w / scale() < 4 || b.h / scale() < 4)) { boxes.splice(drag.i, 1); selected = -1; }
      drag = null;
      write(); draw();
    }
    stage.addEventListener('pointerup', end);
    stage.addEventListener('pointercancel', end);
    stage.addEventListener('keydown', function (e) {
      var t = e.target.closest && e.target.closest('.bx');
      if (!t) return;
      var i = +t.getAttribute('data-i');
      if (e.key === 'Delete' || e.key === 'Backspace') { boxes.splice(i, 1); selected = -1; write(); draw(); e.preventDefault(); }
    });
    if (img.complete) draw(); else img.addEventListener('load', draw);
    window.addEventListener('resize', draw);
    el.hpRedraw = function () { try { boxes = (JSON.parse(out.value || '{}').boxes) || []; } catch (e) { boxes = []; } draw(); };
  }

  /* Sensitive content: each item's media stays blurred and greyscale until its
     button reveals it (and hides it again); the break prompt can be put aside. */
  function veils(root) {
    $$('[data-reveal]', root).forEach(function (b) {
      var veil = b.closest('.veil');
      var show = b.textContent;
      b.hidden = false;
      b.addEventListener('click', function () {
        var on = !veil.classList.contains('revealed');
        veil.classList.toggle('revealed', on);
        b.setAttribute('aria-pressed', on ? 'true' : 'false');
        b.textContent = on ? b.getAttribute('data-hide') : show;
      });
    });
    $$('[data-break-dismiss]', root).forEach(function (b) {
      b.addEventListener('click', function () {
        var p = b.closest('#break-prompt');
        if (p) p.hidden = true;
      });
    });
  }

  /* Spans: words marked by tapping the first and the last (or arrows and Shift+arrows),
     then a label; offsets are counted in code points, as the server counts them. */
  function spanner(el) {
    var box = $('.span-text', el), list = $('.span-list', el), out = $('.answer-json', el);
    var chars = Array.from(box.textContent), toks = [], spans = [], sel = null, cur = 0;
    var max = parseInt(el.getAttribute('data-max'), 10) || 50;
    try { spans = (JSON.parse(out.value || '{}').spans) || []; } catch (e) { spans = []; }
    for (var i = 0, s = -1; i <= chars.length; i++) {
      var blank = i === chars.length || /\s/.test(chars[i]);
      if (!blank && s < 0) s = i;
      if (blank && s >= 0) { toks.push([s, i]); s = -1; }
    }
    function range() { return sel && [Math.min(sel.a, sel.f), Math.max(sel.a, sel.f)]; }
    function spanAt(t) { return spans.filter(function (p) { return p.start <= toks[t][0] && toks[t][1] <= p.end; })[0]; }
    function write() {
      spans.sort(function (a, b) { return a.start - b.start; });
      out.value = JSON.stringify({ spans: spans.map(function (p) { return { start: p.start, end: p.end, label: p.label }; }) });
      out.dispatchEvent(new Event('input', { bubbles: true }));
    }
    function draw() {
      box.textContent = '';
      var r = range(), at = 0;
      toks.forEach(function (tk, t) {
        if (tk[0] > at) box.appendChild(document.createTextNode(chars.slice(at, tk[0]).join('')));
        var w = document.createElement('span'), p = spanAt(t);
        w.className = 'tok' + (p ? ' marked' : '') + (r && t >= r[0] && t <= r[1] ? ' sel' : '') + (t === cur ? ' cur' : '');
        w.setAttribute('data-t', t);
        w.tabIndex = t === cur ? 0 : -1;
        w.textContent = chars.slice(tk[0], tk[1]).join('');
        if (p && p.start === tk[0]) w.setAttribute('data-label', p.label);
        box.appendChild(w);
        at = tk[1];
      });
      if (at < chars.length) box.appendChild(document.createTextNode(chars.slice(at).join('')));
      list.textContent = '';
      if (!spans.length) { var none = document.createElement('li'); none.className = 'hint'; none.textContent = list.getAttribute('data-none'); list.appendChild(none); }
      spans.forEach(function (p, k) {
        var li = document.createElement('li');
        li.textContent = '\u201c' + chars.slice(p.start, p.end).join('') + '\u201d ' + p.label + ' ';
        var del = document.createElement('button');
        del.type = 'button'; del.className = 'span-delete'; del.textContent = el.getAttribute('data-delete');
        del.addEventListener('click', function () { spans.splice(k, 1); write(); draw(); });
        li.appendChild(del);
        list.appendChild(li);
      });
    }
    function focusCur() { var w = $('.tok[data-t="' + cur + '"]', box); if (w) w.focus(); }
    function tap(t, extend) {
      cur = t;
      if (sel && (extend || !sel.done)) { sel.f = t; sel.done = true; } else sel = { a: t, f: t, done: false };
      draw(); focusCur();
    }
    function label(name) {
      var r = range();
      if (!r || spans.length >= max) return;
      var s0 = toks[r[0]][0], e0 = toks[r[1]][1];
      spans = spans.filter(function (p) { return p.end <= s0 || p.start >= e0; });
      spans.push({ start: s0, end: e0, label: name });
      sel = null; write(); draw(); focusCur();
    }
    box.addEventListener('click', function (e) {
      var w = e.target.closest && e.target.closest('.tok');
      if (w) tap(+w.getAttribute('data-t'), e.shiftKey);
    });
    box.addEventListener('keydown', function (e) {
      var w = e.target.closest && e.target.closest('.tok');
      if (!w) return;
      var t = +w.getAttribute('data-t'), step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
      if (step) {
        var n = Math.min(Math.max(0, t + step), toks.length - 1);
        if (e.shiftKey) { if (!sel) sel = { a: t, f: t }; sel.f = n; sel.done = true; } else sel = null;
        cur = n; draw(); focusCur();
      } else if (e.key === 'Enter' || e.key === ' ') tap(t, e.shiftKey);
      else if (e.key === 'Delete' || e.key === 'Backspace') {
        var p = spanAt(t);
        if (p) { spans.splice(spans.indexOf(p), 1); write(); draw(); focusCur(); }
      } else if (e.key === 'Escape') { sel = null; draw(); focusCur(); }
      else if (/^[1-9]$/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
        var b = $$('.span-label', el)[+e.key - 1];
        if (!b) return;
        if (!sel) sel = { a: t, f: t };
        label(b.getAttribute('data-label'));
      } else return;
      e.preventDefault(); e.stopPropagation();
    });
    $$('.span-label', el).forEach(function (b) { b.addEventListener('click', function () { label(b.getAttribute('data-label')); }); });
    $('.span-clear', el).addEventListener('click', function () { sel = null; draw(); });
    draw();
    el.hpRedraw = function () { try { spans = (JSON.parse(out.value || '{}').spans) || []; } catch (e) { spans = []; } draw(); };
  }

  /* Polygons and keypoints share a stage: an SVG over the image in the image's own pixels. */
  var SVG = 'http://www.w3.org/2000/svg';
  function markStage(el) {
    var img = $('.mark-img', el), svg = $('.mark-svg', el), stage = $('.stage', el);
    var m = {
      size: function () { return [img.naturalWidth || img.clientWidth || 1, img.naturalHeight || img.clientHeight || 1]; },
      scale: function () { return img.clientWidth ? m.size()[0] / img.clientWidth : 1; },
      point: function (e) {
        var r = stage.getBoundingClientRect(), s = m.scale(), l = m.size();
        return [Math.round(Math.min(Math.max(0, (e.clientX - r.left) * s), l[0])), Math.round(Math.min(Math.max(0, (e.clientY - r.top) * s), l[1]))];
      },
      clear: function () { var l = m.size(); svg.setAttribute('viewBox', '0 0 ' + l[0] + ' ' + l[1]); svg.textContent = ''; },
      add: function (tag, attrs, text) {
        var n = document.createElementNS(SVG, tag);
        Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
        if (text) n.textContent = text;
        svg.appendChild(n);
        return n;
      },
      stage: stage, img: img
    };
    return m;
  }
  /* Keys for a drawing stage: not while typing, never with modifiers. */
  function markKeys(handle) {
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      if (t && (t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || (t.tagName === 'INPUT' && !/^(radio|checkbox)$/.test(t.type)))) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (handle(e.key)) { e.preventDefault(); e.stopImmediatePropagation(); }
    }, true);
  }

  /* Polygons: tap points, close with Enter, a double tap, a tap on the first point or the button. */
  function polygoner(el) {
    var m = markStage(el), list = $('.poly-list', el), out = $('.answer-json', el);
    var max = parseInt(el.getAttribute('data-max'), 10) || 50, minPts = parseInt(el.getAttribute('data-min-points'), 10) || 3;
    var labels = $$('input[name=poly_label]', el).map(function (r) { return r.value; });
    var polys = [], cur = [];
    try { polys = (JSON.parse(out.value || '{}').polygons) || []; } catch (e) { polys = []; }
    function label() { var r = $('input[name=poly_label]:checked', el); return r ? r.value : labels[0]; }
    function write() {
      out.value = JSON.stringify({ polygons: polys });
      out.dispatchEvent(new Event('input', { bubbles: true }));
    }
    function draw() {
      m.clear();
      var s = m.scale();
      polys.forEach(function (p, i) {
        m.add('polygon', { points: p.points.join(' '), 'class': 'pg', 'stroke-width': 2 * s });
        m.add('text', { x: p.points[0][0], y: p.points[0][1], 'font-size': 14 * s, 'class': 'pg-tag' }, (i + 1) + ' ' + p.label);
      });
      if (cur.length) m.add('polyline', { points: cur.join(' '), 'class': 'pg-cur', 'stroke-width': 2 * s });
      cur.forEach(function (q, i) { m.add('circle', { cx: q[0], cy: q[1], r: (i ? 4 : 7) * s, 'class': 'pg-dot' }); });
      list.textContent = '';
      polys.forEach(function (p, i) {
        var li = document.createElement('li'), lab = document.createElement('label'), sel = document.createElement('select');
        lab.textContent = el.getAttribute('data-label-text') + ' ' + (i + 1) + ' ';
        labels.forEach(function (l) { var o = document.createElement('option'); o.value = o.textContent = l; o.selected = l === p.label; sel.appendChild(o); });
        sel.addEventListener('change', function () { p.label = sel.value; write(); draw(); });
        lab.appendChild(sel);
        var del = document.createElement('button');
        del.type = 'button'; del.className = 'secondary'; del.textContent = el.getAttribute('data-delete');
        del.addEventListener('click', function () { polys.splice(i, 1); write(); draw(); });
        li.appendChild(lab); li.appendChild(document.createTextNode(' ')); li.appendChild(del);
        list.appendChild(li);
      });
    }
    function close() {
      if (cur.length < minPts || polys.length >= max) return false;
      polys.push({ label: label(), points: cur }); cur = [];
      write(); draw();
      return true;
    }
    m.stage.addEventListener('click', function (e) {
      var p = m.point(e), s = m.scale();
      if (cur.length >= minPts && Math.abs(p[0] - cur[0][0]) <= 10 * s && Math.abs(p[1] - cur[0][1]) <= 10 * s) { close(); return; }
      var last = cur[cur.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) cur.push(p);
      draw();
    });
    m.stage.addEventListener('dblclick', function (e) { close(); e.preventDefault(); });
    $('.poly-close', el).addEventListener('click', close);
    $('.poly-undo', el).addEventListener('click', function () { cur.pop(); draw(); });
    $('.poly-cancel', el).addEventListener('click', function () { cur = []; draw(); });
    markKeys(function (k) {
      if (!cur.length) return false;
      if (k === 'Enter') return close() || true;
      if (k === 'Backspace') { cur.pop(); draw(); return true; }
      if (k === 'Escape') { cur = []; draw(); return true; }
      return false;
    });
    if (m.img.complete) draw(); else m.img.addEventListener('load', draw);
    window.addEventListener('resize', draw);
    el.hpRedraw = function () { try { polys = (JSON.parse(out.value || '{}').polygons) || []; } catch (e) { polys = []; } draw(); };
  }

  /* Keypoints: choose a point, tap where it is; the next unplaced point is chosen. */
  function pointer(el) {
    var m = markStage(el), out = $('.answer-json', el), rows = $$('.kp-row', el);
    var radios = rows.map(function (r) { return $('input', r); }), names = radios.map(function (r) { return r.value; });
    var edges = []; try { edges = JSON.parse(el.getAttribute('data-edges') || '[]'); } catch (e) { edges = []; }
    var pts = {};
    try { pts = (JSON.parse(out.value || '{}').points) || {}; } catch (e) { pts = {}; }
    function curIndex() { var i = radios.findIndex(function (r) { return r.checked; }); return i < 0 ? 0 : i; }
    function choose(i) { if (radios[i]) { radios[i].checked = true; radios[i].focus({ preventScroll: true }); } draw(); }
    function next() {
      for (var k = 1; k <= names.length; k++) { var i = (curIndex() + k) % names.length; if (!pts[names[i]]) return choose(i); }
      draw();
    }
    function write() {
      out.value = JSON.stringify({ points: pts });
      out.dispatchEvent(new Event('input', { bubbles: true }));
    }
    function draw() {
      m.clear();
      var s = m.scale(), c = curIndex();
      edges.forEach(function (e) {
        var a = pts[names[e[0]]], b = pts[names[e[1]]];
        if (a && b && a.visible !== false && b.visible !== false) m.add('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y, 'class': 'kp-bone', 'stroke-width': 2 * s });
      });
      names.forEach(function (n, i) {
        var p = pts[n], state = $('.kp-state', rows[i]);
        rows[i].classList.toggle('cur', i === c);
        state.textContent = !p ? '' : p.visible === false ? el.getAttribute('data-not-visible') : '(' + p.x + ', ' + p.y + ')';
        if (p && p.visible !== false) {
          m.add('circle', { cx: p.x, cy: p.y, r: (i === c ? 7 : 5) * s, 'class': 'kp-dot' + (i === c ? ' cur' : '') });
          m.add('text', { x: p.x + 8 * s, y: p.y - 8 * s, 'font-size': 13 * s, 'class': 'pg-tag' }, n);
        }
      });
    }
    m.stage.addEventListener('click', function (e) {
      var p = m.point(e);
      pts[names[curIndex()]] = { x: p[0], y: p[1] };
      write(); next();
    });
    rows.forEach(function (r, i) {
      radios[i].addEventListener('change', draw);
      $('.kp-hide', r).addEventListener('click', function () { choose(i); pts[names[i]] = { visible: false }; write(); next(); });
      $('.kp-clear', r).addEventListener('click', function () { delete pts[names[i]]; write(); choose(i); });
    });
    markKeys(function (k) {
      var i = curIndex();
      if (k === 'v' || k === 'V') { pts[names[i]] = { visible: false }; write(); next(); return true; }
      if (k === 'Backspace' || k === 'Delete') { delete pts[names[i]]; write(); draw(); return true; }
      return false;
    });
    if (m.img.complete) draw(); else m.img.addEventListener('load', draw);
    window.addEventListener('resize', draw);
    el.hpRedraw = function () { try { pts = (JSON.parse(out.value || '{}').points) || {}; } catch (e) { pts = {}; } draw(); };
  }

  /* Segments: time ranges marked on the task's sound or video with [ and ] (or buttons),
     a digit or a label button picking the label; space plays, arrows seek a second. */
  function segmenter(el) {
    var body = el.closest('.task-body') || document, player = $('audio,video', body);
    var list = $('.seg-list', el), out = $('.answer-json', el), pending = $('.seg-pending', el);
    var bar = $('.seg-bar', el), head = $('.seg-head', el), clock = $('.seg-time', el);
    var max = parseInt(el.getAttribute('data-max'), 10) || 50, segs = [], start = null;
    var labels = $$('.seg-label', el), label = labels.length ? labels[0].getAttribute('data-label') : '';
    var tools = $('.audio-tools', body);
    if (tools) tools.remove();
    try { segs = (JSON.parse(out.value || '{}').segments) || []; } catch (e) { segs = []; }
    function now() { return player ? Math.round(player.currentTime * 100) / 100 : 0; }
    function write() {
      segs.sort(function (a, b) { return a.start - b.start || a.end - b.end; });
      out.value = JSON.stringify({ segments: segs.map(function (g) { return { start: g.start, end: g.end, label: g.label }; }) });
      out.dispatchEvent(new Event('input', { bubbles: true }));
    }
    function pick(name) {
      label = name;
      labels.forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-label') === name)); });
    }
    function field(cls, value, on) {
      var i = document.createElement('input');
      i.type = 'number'; i.min = '0'; i.step = '0.01'; i.value = value; i.className = cls;
      i.setAttribute('aria-label', el.getAttribute(cls === 'seg-from' ? 'data-start' : 'data-end'));
      i.addEventListener('change', function () { var v = parseFloat(i.value); if (isFinite(v)) { on(v); write(); draw(); } });
      return i;
    }
    function button(cls, text, on) {
      var b = document.createElement('button');
      b.type = 'button'; b.className = cls; b.textContent = text;
      b.addEventListener('click', on);
      return b;
    }
    function draw() {
      list.textContent = '';
      $$('.seg', bar).forEach(function (n) { n.remove(); });
      var d = player && isFinite(player.duration) && player.duration > 0 ? player.duration : 0;
      if (!segs.length) { var none = document.createElement('li'); none.className = 'hint'; none.textContent = list.getAttribute('data-none'); list.appendChild(none); }
      segs.forEach(function (g, k) {
        var li = document.createElement('li'), s = document.createElement('select');
        s.setAttribute('aria-label', el.getAttribute('data-label'));
        labels.forEach(function (b) {
          var o = document.createElement('option'), v = b.getAttribute('data-label');
          o.value = v; o.textContent = v; o.selected = v === g.label; s.appendChild(o);
        });
        s.addEventListener('change', function () { g.label = s.value; write(); draw(); });
        li.appendChild(s);
        li.appendChild(field('seg-from', g.start, function (v) { g.start = v; }));
        li.appendChild(document.createTextNode('–'));
        li.appendChild(field('seg-to', g.end, function (v) { g.end = v; }));
        li.appendChild(button('seg-replay', '▶ ' + el.getAttribute('data-play'), function () { if (player) { player.currentTime = g.start; player.play(); } }));
        li.appendChild(button('seg-delete', el.getAttribute('data-delete'), function () { segs.splice(k, 1); write(); draw(); }));
        list.appendChild(li);
        if (d) {
          var m = document.createElement('span');
          m.className = 'seg'; m.title = g.label;
          m.style.left = (100 * g.start / d) + '%'; m.style.width = (100 * Math.max(0, Math.min(g.end, d) - g.start) / d) + '%';
          bar.appendChild(m);
        }
      });
    }
    function tick() {
      var t = now(), d = player && player.duration;
      clock.textContent = t.toFixed(2) + ' s';
      head.style.left = d && isFinite(d) ? (100 * t / d) + '%' : '0';
    }
    function markStart() {
      if (segs.length >= max) { pending.textContent = el.getAttribute('data-full'); return; }
      start = now();
      pending.textContent = el.getAttribute('data-started').replace('%t', start.toFixed(2));
    }
    function markEnd() {
      if (start === null) return;
      var end = now();
      if (end <= start) { pending.textContent = el.getAttribute('data-too-short'); return; }
      segs.push({ start: start, end: end, label: label });
      start = null; pending.textContent = '';
      write(); draw();
    }
    function seek(by) { if (player) { player.currentTime = Math.max(0, player.currentTime + by); tick(); } }
    function toggle() { if (player) { if (player.paused) player.play(); else player.pause(); } }
    labels.forEach(function (b) { b.addEventListener('click', function () { pick(b.getAttribute('data-label')); }); });
    $('.seg-mark-start', el).addEventListener('click', markStart);
    $('.seg-mark-end', el).addEventListener('click', markEnd);
    $('.seg-play', el).addEventListener('click', toggle);
    $$('[data-seek]', el).forEach(function (b) { b.addEventListener('click', function () { seek(parseFloat(b.getAttribute('data-seek'))); }); });
    $('.seg-speed', el).addEventListener('change', function (e) { if (player) player.playbackRate = parseFloat(e.target.value); });
    if (player) ['timeupdate', 'seeked', 'loadedmetadata'].forEach(function (n) { player.addEventListener(n, function () { tick(); if (n === 'loadedmetadata') draw(); }); });
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      if ((t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) || e.ctrlKey || e.metaKey || e.altKey) return;
      var act = { '[': markStart, ']': markEnd, ' ': toggle, ArrowLeft: function () { seek(-1); }, ArrowRight: function () { seek(1); } }[e.key];
      if (!act) return;
      e.preventDefault(); e.stopPropagation();
      act();
    }, true);
    pick(label);
    draw(); tick();
    el.hpRedraw = function () { try { segs = (JSON.parse(out.value || '{}').segments) || []; } catch (e) { segs = []; } draw(); };
  }

  function init(root) {
    audio(root);
    veils(root);
    $$('.boxer', root).forEach(boxer);
    $$('.spanner', root).forEach(spanner);
    $$('.segmenter', root).forEach(segmenter);
    $$('.polygoner', root).forEach(polygoner);
    $$('.pointer', root).forEach(pointer);
  }
  window.HP = { init: init };

  document.addEventListener('DOMContentLoaded', function () {
    var form = $('#task-form');
    if (form) {
      // Restore a draft before the box editor reads its hidden field.
      taskForm(form);
    }
    init(document);
    flush();
  });
})();
