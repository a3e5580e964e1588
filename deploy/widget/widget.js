/* Switchboard's chat widget: one <script> tag on any page (PRODUCT.md, "The web widget").
 *
 *   <script src="/switchboard/widget.js"
 *           data-service="wss://chat.example.com/xmpp-websocket"
 *           data-fallback="https://chat.example.com/http-bind"
 *           data-domain="anon.example.com"
 *           data-workgroup="support@desk.example.com"
 *           data-button="Chat with us" data-title="Support" data-color="#0a7d5a"></script>
 *
 * It loads widget.css and strophe.umd.min.js from its own folder, logs in anonymously
 * (WebSocket first, BOSH if that fails), sends directed presence to the workgroup JID and
 * follows the workgroup's presence: a button while someone can answer, the workgroup's own
 * text while full or closed, nothing while the desk cannot be reached. The chat itself runs
 * over BOSH when a fallback is configured, because strophe.js can restore a BOSH session
 * after a page reload (and a new anonymous login would be a new visitor).
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script) {
    return;
  }
  var NS_CHATSTATES = 'http://jabber.org/protocol/chatstates';
  var NS_WORKGROUP = 'http://jabber.org/protocol/workgroup';
  var NS_NICK = 'http://jabber.org/protocol/nick';
  var NS_VISITOR = 'urn:switchboard:visitor:0';
  var ANSWER_TIMEOUT_MS = 5000; // no presence from the workgroup by then: unreachable
  var PAUSED_AFTER_MS = 3000; // the visitor stopped typing
  var CHECK_EVERY_MS = 15000; // a ping to the workgroup: is the desk still there?

  var data = script.dataset;
  var folder = new URL('.', script.src).href;
  var cfg = {
    service: endpoint(data.service, true),
    fallback: endpoint(data.fallback, false),
    domain: data.domain || '',
    workgroup: (data.workgroup || '').toLowerCase(),
    button: data.button || 'Chat with us',
    title: data.title || 'Chat',
    color: data.color || '#0a7d5a',
  };
  var storageKey = 'switchboard-widget:' + cfg.workgroup;

  // An endpoint URL from a data- attribute; relative URLs are relative to the page, and a
  // relative WebSocket URL takes the page's scheme (http -> ws, https -> wss).
  function endpoint(value, websocket) {
    if (!value) {
      return '';
    }
    try {
      var url = new URL(value, location.href);
      if (websocket && (url.protocol === 'http:' || url.protocol === 'https:')) {
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      }
      return url.href;
    } catch (e) {
      return '';
    }
  }

  // ---- what the visitor sees ------------------------------------------------------

  var ui = buildUi();
  var state = 'connecting'; // connecting | open | full | closed | unreachable
  var statusText = '';
  var waiting = 0;
  var panelOpen = false;
  var chat = loadChat(); // {active, lines: [{who, text, kind}], agent}

  function el(tag, className, attrs) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    for (var key in attrs || {}) {
      node.setAttribute(key, attrs[key]);
    }
    return node;
  }

  function buildUi() {
    var link = el('link', '', { rel: 'stylesheet', href: folder + 'widget.css' });
    document.head.appendChild(link);

    var root = el('div', 'sbw', { 'data-state': 'connecting' });
    applyColor(root, cfg.color);
    var launcher = el('div', 'sbw-launcher');
    var button = el('button', 'sbw-button', { type: 'button', 'aria-haspopup': 'dialog' });
    button.textContent = cfg.button;
    var waitingLine = el('p', 'sbw-waiting');
    var status = el('p', 'sbw-status', { role: 'status' });
    launcher.append(button, waitingLine, status);

    var panelId = 'sbw-panel-' + Math.random().toString(36).slice(2, 8);
    var panel = el('section', 'sbw-panel', { role: 'dialog', 'aria-labelledby': panelId + '-title' });
    panel.id = panelId;
    panel.hidden = true;
    button.setAttribute('aria-controls', panelId);
    var header = el('header', 'sbw-header');
    var title = el('h2', 'sbw-title', { id: panelId + '-title' });
    title.textContent = cfg.title;
    var minimise = el('button', 'sbw-minimise', { type: 'button', 'aria-label': 'Minimise the chat' });
    minimise.textContent = '\u2013';
    header.append(title, minimise);
    var log = el('ol', 'sbw-log', { role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
    var typing = el('p', 'sbw-typing', { 'aria-live': 'polite' });
    var form = el('form', 'sbw-form');
    var input = el('input', 'sbw-input', { id: panelId + '-input', type: 'text', autocomplete: 'off', maxlength: '4000' });
    var label = el('label', 'sbw-label', { for: input.id });
    label.textContent = 'Your message';
    var send = el('button', 'sbw-send', { type: 'submit' });
    send.textContent = 'Send';
    form.append(label, input, send);
    panel.append(header, log, typing, form);
    root.append(launcher, panel);

    button.addEventListener('click', function () { openPanel(true); });
    minimise.addEventListener('click', function () { closePanel(); });
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        closePanel();
      }
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (text) {
        input.value = '';
        sendLine(text);
      }
    });
    input.addEventListener('input', onVisitorTyping);

    var mount = function () { document.body.appendChild(root); };
    if (document.body) {
      mount();
    } else {
      document.addEventListener('DOMContentLoaded', mount);
    }
    return {
      root: root, button: button, waiting: waitingLine, status: status, panel: panel,
      log: log, typing: typing, input: input,
    };
  }

  // Accent colour from data-color, and whichever of black or white reads better on it
  // (one of the two always reaches WCAG's 4.5:1).
  function applyColor(root, color) {
    var m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
    if (!m) {
      color = '#0a7d5a';
      m = /^#([0-9a-f]{6})$/i.exec(color);
    }
    var hex = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
    var rgb = [0, 2, 4].map(function (i) { return parseInt(hex.substr(i, 2), 16) / 255; });
    var lum = rgb.map(function (c) {
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    var onWhite = 1.05 / (l + 0.05);
    var onBlack = (l + 0.05) / 0.05;
    root.style.setProperty('--sbw-accent', '#' + hex);
    root.style.setProperty('--sbw-on-accent', onWhite >= onBlack ? '#ffffff' : '#000000');
  }

  function render() {
    var inChat = chat.active || panelOpen;
    ui.root.setAttribute('data-state', state);
    ui.button.hidden = !(state === 'open' || chat.active) || panelOpen;
    ui.waiting.textContent = state === 'open' && waiting > 0 && !inChat
      ? waiting + (waiting === 1 ? ' person' : ' people') + ' waiting'
      : '';
    ui.waiting.hidden = ui.waiting.textContent === '';
    ui.status.textContent = (state === 'full' || state === 'closed') && !inChat ? statusText : '';
    ui.status.hidden = ui.status.textContent === '';
    ui.panel.hidden = !panelOpen;
  }

  function openPanel(focus) {
    panelOpen = true;
    render();
    saveChat();
    if (focus) {
      ui.input.focus();
    }
    keepable();
  }

  function closePanel() {
    panelOpen = false;
    render();
    saveChat();
    ui.button.focus();
  }

  function showLine(line) {
    var item = el('li', 'sbw-line sbw-' + line.who + (line.kind ? ' sbw-notice sbw-' + line.kind : ''));
    item.textContent = line.text;
    ui.log.appendChild(item);
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function addLine(who, text, kind) {
    var line = { who: who, text: text, kind: kind || '' };
    chat.lines.push(line);
    if (chat.lines.length > 500) {
      chat.lines.shift();
      ui.log.removeChild(ui.log.firstChild);
    }
    showLine(line);
    saveChat();
  }

  function setTyping(name) {
    ui.typing.textContent = name ? name + ' is typing\u2026' : '';
  }

  // ---- what survives a reload (sessionStorage: this tab only) -----------------------

  function loadChat() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(storageKey));
      if (saved && Array.isArray(saved.lines)) {
        return saved;
      }
    } catch (e) { /* nothing saved, or storage refused */ }
    return { active: false, lines: [], agent: '', open: false };
  }

  function saveChat() {
    chat.open = panelOpen;
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(chat));
    } catch (e) { /* private mode: the chat just won't survive a reload */ }
  }

  // A random id for this browser, sent with the visitor's messages so that a returning
  // visitor can go to the agent who served them last. A routing hint, never a login.
  function visitorId() {
    var key = 'switchboard-visitor-id';
    try {
      var id = localStorage.getItem(key);
      if (id && /^[A-Za-z0-9_-]{1,64}$/.test(id)) {
        return id;
      }
      var bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      id = Array.from(bytes, function (b) { return (b % 36).toString(36); }).join('');
      localStorage.setItem(key, id);
      return id;
    } catch (e) {
      return '';
    }
  }

  // ---- XMPP -------------------------------------------------------------------------

  var conn = null;
  var viaBosh = false;
  var connected = false;
  var answerTimer = null;
  var checkTimer = null;
  var retryTimer = null;
  var retryDelay = 1000;
  var typingTimer = null;
  var composing = false;
  var outbox = []; // lines typed while the connection is being set up
  var switching = false;

  function child(element, name, ns) {
    for (var node = element.firstElementChild; node; node = node.nextElementSibling) {
      if (node.localName === name && (!ns || node.namespaceURI === ns)) {
        return node;
      }
    }
    return null;
  }

  function bare(jid) {
    return Strophe.getBareJidFromJid(jid || '').toLowerCase();
  }

  function start() {
    Strophe.setLogLevel(Strophe.LogLevel.FATAL);
    if (chat.active && cfg.fallback && restore()) {
      return;
    }
    chat.active = false;
    connect(cfg.service ? 'websocket' : 'bosh');
  }

  // Back to the BOSH session of the chat this tab had before the reload.
  function restore() {
    var c = new Strophe.Connection(cfg.fallback, { keepalive: true });
    conn = c; // before restore(): strophe.js reports ATTACHED from inside it
    viaBosh = true;
    try {
      c.restore(cfg.domain, function (status) { onStatus(c, true, status); });
    } catch (e) {
      conn = null;
      viaBosh = false;
      return false;
    }
    panelOpen = !!chat.open;
    chat.lines.forEach(showLine);
    render();
    return true;
  }

  function connect(kind) {
    var url = kind === 'websocket' ? cfg.service : cfg.fallback;
    if (!url || !cfg.domain || !cfg.workgroup) {
      becomeUnreachable();
      return;
    }
    var c = new Strophe.Connection(url, { keepalive: true });
    conn = c;
    viaBosh = kind === 'bosh';
    connected = false;
    // A login that neither succeeds nor fails (BOSH can hang silently) counts as failed.
    var watchdog = setTimeout(function () {
      if (conn === c && !connected) {
        failed(c, kind);
      }
    }, 10000);
    c.connect(cfg.domain, null, function (status) {
      if (status === Strophe.Status.CONNECTED || status === Strophe.Status.CONNFAIL ||
          status === Strophe.Status.DISCONNECTED || status === Strophe.Status.AUTHFAIL) {
        clearTimeout(watchdog);
      }
      onStatus(c, false, status, kind);
    });
  }

  function failed(c, kind) {
    if (conn !== c) {
      return;
    }
    try { c.reset(); } catch (e) { /* already gone */ }
    conn = null;
    connected = false;
    if (kind === 'websocket' && cfg.fallback) {
      connect('bosh');
      return;
    }
    becomeUnreachable();
    scheduleReconnect();
  }

  function onStatus(c, restoring, status, kind) {
    var S = Strophe.Status;
    if (conn !== c && !switching) {
      return;
    }
    if (status === S.CONNECTED || status === S.ATTACHED) {
      connected = true;
      retryDelay = 1000;
      online(c, restoring);
    } else if (status === S.ATTACHFAIL || (restoring && status === S.DISCONNECTED && !connected)) {
      // The session expired while the page was away: that chat is gone.
      chat.active = false;
      saveChat();
      conn = null;
      connect(cfg.service ? 'websocket' : 'bosh');
    } else if (status === S.CONNFAIL || status === S.AUTHFAIL ||
               (status === S.DISCONNECTED && !connected)) {
      failed(c, kind || (viaBosh ? 'bosh' : 'websocket'));
    } else if (status === S.DISCONNECTED && conn === c) {
      connected = false;
      conn = null;
      if (chat.active) {
        chat.active = false;
        addLine('notice', 'The connection was lost.', 'lost');
      }
      becomeUnreachable();
      scheduleReconnect();
    }
  }

  function online(c, restored) {
    c.addHandler(function (p) { onPresence(p); return true; }, null, 'presence');
    c.addHandler(function (m) { onMessage(m); return true; }, null, 'message');
    if (!restored) {
      c.send($pres());
    }
    askWorkgroup(c);
    keepChecking(c);
    var pending = outbox;
    outbox = [];
    pending.forEach(function (text) { transmit(text); });
  }

  // Directed presence to the workgroup: it answers with its availability, and keeps us
  // informed until we leave.
  function askWorkgroup(c) {
    c.send($pres({ to: cfg.workgroup }));
    clearTimeout(answerTimer);
    answerTimer = setTimeout(function () {
      if (conn === c) {
        becomeUnreachable();
        askWorkgroup(c); // quietly, until it answers
      }
    }, ANSWER_TIMEOUT_MS);
  }

  // A desk that died without a word (its process killed) sends no presence: a ping that
  // fails or goes unanswered says so, and the widget asks for presence until it is back.
  function keepChecking(c) {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(function () {
      if (conn !== c) {
        return;
      }
      var ping = $iq({ to: cfg.workgroup, type: 'get' }).c('ping', { xmlns: 'urn:xmpp:ping' });
      c.sendIQ(ping, function () {
        keepChecking(c);
      }, function () {
        if (conn === c) {
          if (state !== 'unreachable') {
            becomeUnreachable();
            askWorkgroup(c);
          }
          keepChecking(c);
        }
      }, ANSWER_TIMEOUT_MS);
    }, CHECK_EVERY_MS);
  }

  function becomeUnreachable() {
    state = 'unreachable';
    statusText = '';
    render();
  }

  function scheduleReconnect() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () {
      if (!conn) {
        connect(cfg.service ? 'websocket' : 'bosh');
      }
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function onPresence(p) {
    if (bare(p.getAttribute('from')) !== cfg.workgroup) {
      return;
    }
    var type = p.getAttribute('type') || '';
    var c = conn;
    if (type === 'error') {
      // The desk is down (the server bounces our presence): ask again a little later.
      becomeUnreachable();
      clearTimeout(answerTimer);
      answerTimer = setTimeout(function () { if (conn === c) { askWorkgroup(c); } }, ANSWER_TIMEOUT_MS);
      return;
    }
    if (type !== '' && type !== 'unavailable') {
      return;
    }
    clearTimeout(answerTimer);
    var status = child(p, 'status');
    var show = child(p, 'show');
    var queue = child(p, 'notify-queue', NS_WORKGROUP);
    var count = queue ? child(queue, 'count') : null;
    waiting = count ? parseInt(count.textContent, 10) || 0 : 0;
    statusText = status ? status.textContent : '';
    if (type === 'unavailable') {
      state = 'closed';
    } else if (show && show.textContent === 'dnd') {
      state = 'full';
    } else {
      state = 'open';
    }
    render();
  }

  function onMessage(m) {
    if (bare(m.getAttribute('from')) !== cfg.workgroup) {
      return;
    }
    var type = m.getAttribute('type') || 'normal';
    var body = child(m, 'body');
    if (type === 'error') {
      var error = child(m, 'error');
      var text = error ? child(error, 'text') : null;
      addLine('notice', text && text.textContent ? text.textContent
        : 'Your message could not be delivered.', 'error');
      return;
    }
    var nick = child(m, 'nick', NS_NICK);
    if (nick && nick.textContent) {
      chat.agent = nick.textContent;
    }
    if (body) {
      var notice = child(m, 'notice', NS_VISITOR);
      var kind = notice ? notice.getAttribute('kind') || 'notice' : '';
      setTyping('');
      addLine(kind ? 'notice' : 'them', body.textContent, kind);
      if (kind === 'closed' || kind === 'offline' || kind === 'not-available') {
        chat.active = false;
        saveChat();
        render();
      }
      return;
    }
    for (var node = m.firstElementChild; node; node = node.nextElementSibling) {
      if (node.namespaceURI === NS_CHATSTATES) {
        setTyping(node.localName === 'composing' ? (chat.agent || cfg.title) : '');
      }
    }
  }

  // A chat that can survive a reload runs over BOSH: switch before the first line.
  function keepable() {
    if (viaBosh || !cfg.fallback || switching || !connected || chat.active) {
      return;
    }
    switching = true;
    var old = conn;
    var c = new Strophe.Connection(cfg.fallback, { keepalive: true });
    c.connect(cfg.domain, null, function (status) {
      var S = Strophe.Status;
      if (status === S.CONNECTED) {
        switching = false;
        conn = c;
        viaBosh = true;
        connected = true;
        online(c, false);
        try { old.disconnect(); } catch (e) { /* gone */ }
      } else if (status === S.CONNFAIL || status === S.AUTHFAIL ||
                 (status === S.DISCONNECTED && switching)) {
        switching = false; // stay on the WebSocket: the chat works, a reload loses it
        if (outbox.length && conn === old && connected) {
          var pending = outbox;
          outbox = [];
          pending.forEach(function (text) { transmit(text); });
        }
      } else if (conn === c) {
        onStatus(c, false, status, 'bosh');
      }
    });
  }

  function sendLine(text) {
    addLine('me', text);
    chat.active = true;
    saveChat();
    render();
    if (!conn || !connected || switching) {
      outbox.push(text);
      return;
    }
    transmit(text);
  }

  function transmit(text) {
    var lang = document.documentElement.lang;
    var attrs = { to: cfg.workgroup, type: 'chat' };
    if (lang) {
      attrs['xml:lang'] = lang;
    }
    var msg = $msg(attrs).c('body').t(text).up().c('active', { xmlns: NS_CHATSTATES }).up();
    var id = visitorId();
    if (id) {
      msg.c('visitor', { xmlns: NS_VISITOR, id: id }).up();
    }
    composing = false;
    clearTimeout(typingTimer);
    conn.send(msg);
  }

  function chatState(name) {
    if (conn && connected && !switching && chat.active) {
      conn.send($msg({ to: cfg.workgroup, type: 'chat' }).c(name, { xmlns: NS_CHATSTATES }));
    }
  }

  function onVisitorTyping() {
    if (!composing && ui.input.value) {
      composing = true;
      chatState('composing');
    }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      if (composing) {
        composing = false;
        chatState('paused');
      }
    }, PAUSED_AFTER_MS);
  }

  // ---- start: strophe.js from beside this script ------------------------------------

  render();
  if (window.Strophe && window.$msg) {
    start();
  } else {
    var lib = document.createElement('script');
    lib.src = folder + 'strophe.umd.min.js';
    lib.onload = start;
    lib.onerror = becomeUnreachable;
    document.head.appendChild(lib);
  }
})();
