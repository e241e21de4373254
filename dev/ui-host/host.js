/**
 * The host side of the local viewer: what Jira does around a Custom UI frame. It frames the app (sandboxed, on
 * another origin, sized to its content as Jira sizes it), answers the frame's @forge/bridge calls (invoke through
 * the viewer's /__invoke with the app's real resolvers, getContext, openModal and close as Jira's dialog, navigate
 * and getUrl as Jira's router, events between frames), and records every navigation in
 * `window.__sv0Navigations` (the local viewer cannot open Jira or Microsoft's consoles; it says where it would go).
 * Configuration comes from `window.__SV0_HOST__` (dev/ui-server.ts).
 */
(function installHost() {
  'use strict';
  const cfg = window.__SV0_HOST__;
  const SANDBOX = 'allow-downloads allow-forms allow-modals allow-pointer-lock allow-same-origin allow-scripts';
  const MODAL_WIDTHS = { small: 400, medium: 600, large: 800, xlarge: 968 };
  const frames = new Map();
  const subscriptions = new Map();
  let nextId = 0;
  window.__sv0Navigations = [];

  function frameUrl(frameId) {
    const query = new URLSearchParams(cfg.search);
    query.set('frameId', frameId);
    query.set('hostOrigin', window.location.origin);
    return cfg.frameOrigin + '/__frame' + cfg.route + '?' + query.toString();
  }

  function makeFrame(frameId, title) {
    const iframe = document.createElement('iframe');
    iframe.id = frameId === 'app' ? 'sv0-app' : 'sv0-' + frameId;
    iframe.name = frameId;
    iframe.title = title;
    iframe.setAttribute('sandbox', cfg.sandbox || SANDBOX);
    iframe.setAttribute('allow', 'clipboard-write');
    iframe.src = frameUrl(frameId);
    return iframe;
  }

  function post(frame, message) {
    if (frame.iframe.contentWindow) frame.iframe.contentWindow.postMessage(Object.assign({ sv0: true }, message), cfg.frameOrigin);
  }

  function toast(text) {
    const element = document.getElementById('sv0-toast');
    if (!element) return;
    element.textContent = text;
    element.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { element.hidden = true; }, 6000);
  }

  function localUrl(path) {
    const query = new URLSearchParams(cfg.search);
    query.delete('frameId');
    query.delete('hostOrigin');
    const text = query.toString();
    return path + (text ? '?' + text : '');
  }

  /** Where a router location leads: a page of this viewer, or an address the viewer can only name. */
  function resolveLocation(location) {
    if (location.url) {
      if (location.url.startsWith('/')) return { external: cfg.context.siteUrl + location.url };
      return { external: location.url };
    }
    if (location.target === 'issue' && location.issueKey) return { local: localUrl('/issue/' + encodeURIComponent(location.issueKey)) };
    if (location.target === 'module' && location.projectKey) return { local: localUrl('/project/' + encodeURIComponent(location.projectKey)) };
    if (location.target === 'module') return { local: localUrl('/admin') };
    return { external: cfg.context.siteUrl };
  }

  function navigate(location) {
    window.__sv0Navigations.push(location);
    const where = resolveLocation(location);
    if (where.local) {
      if (location.type === 'new-tab') window.open(where.local, '_blank', 'noopener');
      else window.location.assign(where.local);
      return;
    }
    toast('Jira would open ' + where.external + (location.type === 'new-tab' ? ' in a new tab' : '') + ' (not reachable from the local viewer).');
  }

  function resize(frame, height) {
    if (frame.kind === 'app') {
      frame.iframe.style.height = Math.max(height, 24) + 'px';
      return;
    }
    const max = window.innerHeight - 120;
    frame.iframe.style.height = Math.min(Math.max(height, 80), max) + 'px';
  }

  function openModal(opener, options) {
    const frameId = 'modal-' + ++nextId;
    const overlay = document.createElement('div');
    overlay.className = 'sv0-blanket';
    overlay.setAttribute('data-testid', 'host-modal');
    const dialog = document.createElement('section');
    dialog.className = 'sv0-dialog';
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-label', options.title || 'SecurityV0');
    const size = options.size || 'medium';
    const width = typeof size === 'object' ? size.width : MODAL_WIDTHS[size] ? MODAL_WIDTHS[size] + 'px' : 'calc(100vw - 120px)';
    dialog.style.width = 'min(' + width + ', calc(100vw - 32px))';
    const iframe = makeFrame(frameId, options.title || 'SecurityV0 dialog');
    iframe.style.height = '160px';
    dialog.appendChild(iframe);
    overlay.appendChild(dialog);
    document.body.appendChild(overlay);
    const frame = {
      id: frameId,
      kind: 'modal',
      iframe: iframe,
      overlay: overlay,
      opener: opener,
      onClose: options.onClose && options.onClose.__callback,
      closeOnEscape: options.closeOnEscape !== false,
      context: Object.assign({}, opener.context, { localId: frameId, extension: Object.assign({}, opener.context.extension, { modal: options.context || {} }) }),
    };
    frames.set(frameId, frame);
    if (options.closeOnOverlayClick !== false) {
      overlay.addEventListener('mousedown', function (event) {
        if (event.target === overlay) closeModal(frame, undefined);
      });
    }
    iframe.addEventListener('load', function () { iframe.focus(); });
  }

  function closeModal(frame, payload) {
    if (!frames.has(frame.id)) return;
    frames.delete(frame.id);
    frame.overlay.remove();
    for (const [id, sub] of subscriptions) if (sub.frameId === frame.id) subscriptions.delete(id);
    frame.opener.iframe.focus();
    if (frame.onClose && frames.has(frame.opener.id)) post(frame.opener, { type: 'callback', callbackId: frame.onClose, payload: payload });
  }

  async function invoke(payload) {
    const response = await fetch('/__invoke' + cfg.search, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ moduleKey: cfg.moduleKey, key: payload.functionKey, payload: payload.payload || {}, route: cfg.route }),
    });
    return response.json();
  }

  async function handle(frame, name, payload) {
    switch (name) {
      case 'getContext':
        return frame.context;
      case 'invoke':
        return invoke(payload);
      case 'enableTheming':
        return true;
      case 'openModal':
        openModal(frame, payload || {});
        return true;
      case 'close':
        if (frame.kind !== 'modal') return false;
        closeModal(frame, payload);
        return true;
      case 'navigate':
        navigate(payload || {});
        return undefined;
      case 'getUrl': {
        const where = resolveLocation(payload || {});
        return where.local ? window.location.origin + where.local : where.external;
      }
      case 'reload':
        window.location.reload();
        return undefined;
      case 'emit':
        for (const sub of subscriptions.values()) {
          const target = frames.get(sub.frameId);
          if (target && sub.event === payload.event) post(target, { type: 'callback', callbackId: sub.callbackId, payload: payload.payload });
        }
        return undefined;
      case 'on': {
        const id = 'sub-' + ++nextId;
        subscriptions.set(id, { frameId: frame.id, event: payload.event, callbackId: payload.callback && payload.callback.__callback });
        return id;
      }
      case 'off':
        subscriptions.delete(payload.subscriptionId);
        return undefined;
      default:
        throw new Error('The local viewer does not implement the bridge call ' + name);
    }
  }

  window.addEventListener('message', function onFrameMessage(event) {
    if (event.origin !== cfg.frameOrigin) return;
    const message = event.data;
    if (!message || message.sv0 !== true) return;
    const frame = frames.get(message.frameId);
    if (!frame || event.source !== frame.iframe.contentWindow) return;
    if (message.type === 'size') return resize(frame, message.height);
    if (message.type === 'escape') {
      if (frame.kind === 'modal' && frame.closeOnEscape) closeModal(frame, undefined);
      return;
    }
    if (message.type !== 'call') return;
    Promise.resolve()
      .then(function () { return handle(frame, message.name, message.payload); })
      .then(
        function (value) { post(frame, { type: 'reply', id: message.id, ok: true, value: value }); },
        function (error) { post(frame, { type: 'reply', id: message.id, ok: false, error: String((error && error.message) || error) }); },
      );
  });

  const slot = document.getElementById('sv0-slot');
  const app = { id: 'app', kind: 'app', iframe: makeFrame('app', cfg.title), context: Object.assign({}, cfg.context, { localId: 'app' }) };
  frames.set('app', app);
  slot.appendChild(app.iframe);
})();
