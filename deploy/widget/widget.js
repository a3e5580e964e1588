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
  var chat = loadChat(); // {active, lines: [{who, text, kind}], agent, open}

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
    // While the visitor has a chat, the button brings its panel back (even when their own
    // chat made the desk full); never while the desk cannot be reached.
    var reachable = state !== 'unreachable' && state !== 'connecting';
    ui.button.hidden = !(state === 'open' || (chat.active && reachable)) || panelOpen;
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
      if (ui.log.firstChild) {
        ui.log.removeChild(ui.log.firstChild);
      }
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
  //
  // A link is one strophe.js connection and what we know of it: `up` once it logged in
  // (or was restored), `dead` once we gave it up (its late callbacks are ignored then).
  // `link` is the one in use; `pending` the BOSH link being set up for a chat.

  var link = null;
  var pending = null;
  var answerTimer = null;
  var checkTimer = null;
  var retryTimer = null;
  var retryDelay = 1000;
  var typingTimer = null;
  var composing = false;
  var outbox = []; // lines typed while no link was ready, sent once one is

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

  function firstKind() {
    return cfg.service ? 'websocket' : 'bosh';
  }

  function newLink(kind) {
    var url = kind === 'websocket' ? cfg.service : cfg.fallback;
    if (!url || !cfg.domain || !cfg.workgroup) {
      return null;
    }
    return { c: new Strophe.Connection(url, { keepalive: true }), kind: kind, up: false, dead: false };
  }

  function kill(l) {
    if (!l || l.dead) {
      return;
    }
    l.dead = true;
    try { l.c.disconnect(); } catch (e) { /* never connected */ }
  }

  function ready() {
    return !!link && link.up && !pending;
  }

  function start() {
    Strophe.setLogLevel(Strophe.LogLevel.FATAL);
    if (chat.lines.length) {
      ui.log.setAttribute('aria-busy', 'true'); // not read out again line by line
      chat.lines.forEach(showLine);
      ui.log.removeAttribute('aria-busy');
    }
    panelOpen = !!chat.open;
    render();
    if (chat.active && cfg.fallback && restore()) {
      return;
    }
    if (chat.active) {
      interrupted();
    }
    connect(firstKind());
  }

  // Back to the BOSH session this tab's chat ran on before the reload. strophe.js
  // reports ATTACHED from inside restore(); a session the server no longer knows fails
  // later (CONNFAIL), which `lost` handles like any lost connection.
  function restore() {
    var l = { c: new Strophe.Connection(cfg.fallback, { keepalive: true }), kind: 'bosh',
              up: false, dead: false, restored: true };
    link = l;
    try {
      l.c.restore(cfg.domain, function (status) { onStatus(l, status); });
    } catch (e) {
      link = null;
      return false;
    }
    return true;
  }

  function connect(kind) {
    var l = newLink(kind);
    if (!l) {
      becomeUnreachable();
      return;
    }
    link = l;
    // A login that neither succeeds nor fails (BOSH can hang silently) counts as failed.
    l.watchdog = setTimeout(function () { if (!l.up && !l.dead) { failed(l); } }, 10000);
    l.c.connect(cfg.domain, null, function (status) { onStatus(l, status); });
  }

  function isFailure(status) {
    var S = Strophe.Status;
    return status === S.CONNFAIL || status === S.AUTHFAIL || status === S.DISCONNECTED ||
      status === S.ATTACHFAIL || status === S.CONNTIMEOUT || status === S.ERROR;
  }

  function onStatus(l, status) {
    if (l.dead || link !== l) {
      return;
    }
    if (status === Strophe.Status.CONNECTED || status === Strophe.Status.ATTACHED) {
      clearTimeout(l.watchdog);
      l.up = true;
      retryDelay = 1000;
      online(l);
    } else if (isFailure(status)) {
      clearTimeout(l.watchdog);
      if (l.up) {
        lost(l);
      } else {
        failed(l);
      }
    }
  }

  // A link that never came up: WebSocket falls back to BOSH; otherwise retry later.
  function failed(l) {
    kill(l);
    if (link !== l) {
      return;
    }
    link = null;
    if (l.kind === 'websocket' && cfg.fallback) {
      connect('bosh');
      return;
    }
    becomeUnreachable();
    scheduleReconnect();
  }

  // A link that was up went away (server gone, network down, session expired): a chat
  // on it is over, since a new anonymous login is a new visitor.
  function lost(l) {
    kill(l);
    if (link !== l) {
      return;
    }
    link = null;
    abandonSwitch(pending);
    if (chat.active) {
      interrupted();
    }
    becomeUnreachable();
    scheduleReconnect();
  }

  function interrupted() {
    chat.active = false;
    addLine('notice', 'The chat was interrupted. Write again to start a new one.', 'lost');
  }

  function scheduleReconnect() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () {
      if (!link) {
        connect(firstKind());
      }
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function online(l) {
    l.c.addHandler(function (p) { if (link === l) { onPresence(l, p); } return true; }, null, 'presence');
    l.c.addHandler(function (m) { if (link === l) { onMessage(m); } return true; }, null, 'message');
    // The workgroup pings a visitor it has not heard from for a while (XEP-0199): a page
    // that does not answer counts as gone, and its chat as abandoned.
    l.c.addHandler(function (iq) {
      l.c.send($iq({ to: iq.getAttribute('from'), id: iq.getAttribute('id'), type: 'result' }));
      return true;
    }, 'urn:xmpp:ping', 'iq', 'get');
    if (!l.restored) {
      l.c.send($pres());
    }
    askWorkgroup(l);
    keepChecking(l);
    if (panelOpen && !chat.active) {
      keepable();
    }
    flushOutbox();
  }

  // Directed presence to the workgroup: it answers with its availability, and keeps us
  // informed until we leave. No answer within 5 s: unreachable, and ask again.
  function askWorkgroup(l) {
    l.c.send($pres({ to: cfg.workgroup }));
    clearTimeout(answerTimer);
    answerTimer = setTimeout(function () {
      if (link === l) {
        becomeUnreachable();
        askWorkgroup(l);
      }
    }, ANSWER_TIMEOUT_MS);
  }

  // A desk that died without a word (its process killed) sends no presence: a ping that
  // fails or goes unanswered says so, and the widget asks for presence until it is back.
  function keepChecking(l) {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(function () {
      if (link !== l) {
        return;
      }
      var ping = $iq({ to: cfg.workgroup, type: 'get' }).c('ping', { xmlns: 'urn:xmpp:ping' });
      l.c.sendIQ(ping, function () {
        if (link === l) {
          keepChecking(l);
        }
      }, function () {
        if (link === l) {
          if (state !== 'unreachable') {
            becomeUnreachable();
            askWorkgroup(l);
          }
          keepChecking(l);
        }
      }, ANSWER_TIMEOUT_MS);
    }, CHECK_EVERY_MS);
  }

  function becomeUnreachable() {
    state = 'unreachable';
    statusText = '';
    render();
  }

  function onPresence(l, p) {
    if (bare(p.getAttribute('from')) !== cfg.workgroup) {
      return;
    }
    var type = p.getAttribute('type') || '';
    if (type === 'error') {
      // The desk is down (the server bounces our presence): ask again a little later.
      becomeUnreachable();
      clearTimeout(answerTimer);
      answerTimer = setTimeout(function () { if (link === l) { askWorkgroup(l); } }, ANSWER_TIMEOUT_MS);
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

  // A chat that can survive a reload runs over BOSH: switch before its first line. The
  // WebSocket link stays in use until the BOSH one is up (10 s at most).
  function keepable() {
    if (!link || !link.up || link.kind === 'bosh' || !cfg.fallback || pending || chat.active) {
      return;
    }
    var l = newLink('bosh');
    pending = l;
    l.watchdog = setTimeout(function () { if (pending === l) { abandonSwitch(l); } }, 10000);
    l.c.connect(cfg.domain, null, function (status) {
      if (l.dead) {
        return;
      }
      if (pending !== l) {
        onStatus(l, status); // switched: an ordinary link from now on
      } else if (status === Strophe.Status.CONNECTED) {
        clearTimeout(l.watchdog);
        l.up = true;
        pending = null;
        var old = link;
        link = l;
        kill(old);
        online(l);
      } else if (isFailure(status)) {
        abandonSwitch(l); // stay on the WebSocket: the chat works, a reload loses it
      }
    });
  }

  function abandonSwitch(l) {
    if (!l) {
      return;
    }
    clearTimeout(l.watchdog);
    kill(l);
    if (pending === l) {
      pending = null;
    }
    flushOutbox();
  }

  function flushOutbox() {
    if (!ready()) {
      return;
    }
    var lines = outbox;
    outbox = [];
    lines.forEach(transmit);
  }

  function sendLine(text) {
    if (!chat.active) {
      // A new chat: the panel starts afresh (an earlier, ended chat is not kept).
      chat.lines = [];
      ui.log.textContent = '';
      chat.active = true;
    }
    addLine('me', text);
    render();
    if (ready()) {
      transmit(text);
    } else {
      outbox.push(text);
    }
  }

  function transmit(text) {
    var lang = document.documentElement.lang;
    var attrs = { to: cfg.workgroup, type: 'chat' };
    if (lang) {
      attrs['xml:lang'] = lang;
    }
    var msg = $msg(attrs).c('body').t(text).up().c('active', { xmlns: NS_CHATSTATES }).up();
    // Always there, so that Switchboard knows a widget visitor (relayed into a room, never
    // invited to one); the id only when this browser has one.
    var id = visitorId();
    msg.c('visitor', id ? { xmlns: NS_VISITOR, id: id } : { xmlns: NS_VISITOR }).up();
    composing = false;
    clearTimeout(typingTimer);
    link.c.send(msg);
  }

  function chatState(name) {
    if (ready() && chat.active) {
      link.c.send($msg({ to: cfg.workgroup, type: 'chat' }).c(name, { xmlns: NS_CHATSTATES }));
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
