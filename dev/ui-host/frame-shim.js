/**
 * Inside each app frame of the local viewer: what Jira's Custom UI frame runtime provides. It defines
 * `window.__bridge.callBridge`, which @forge/bridge calls for everything (invoke, getContext, openModal, close,
 * navigate, events...), and carries each call to the host page (dev/ui-host/host.js) by postMessage, as the real
 * frame does; functions in a payload (a modal's onClose, an event callback) stay here and are called back by id.
 * It also reports the content height so the host sizes the frame to its content, as Jira does.
 */
(function installFrameBridge() {
  'use strict';
  const params = new URLSearchParams(window.location.search);
  const hostOrigin = params.get('hostOrigin') || '*';
  const frameId = params.get('frameId') || 'app';
  let seq = 0;
  const pending = new Map();
  const callbacks = new Map();

  function post(message) {
    window.parent.postMessage(Object.assign({ sv0: true, frameId: frameId }, message), hostOrigin);
  }

  window.addEventListener('message', function onHostMessage(event) {
    if (event.source !== window.parent || (hostOrigin !== '*' && event.origin !== hostOrigin)) return;
    const message = event.data;
    if (!message || message.sv0 !== true) return;
    if (message.type === 'reply') {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (!waiting) return;
      if (message.ok) waiting.resolve(message.value);
      else waiting.reject(new Error(message.error));
    } else if (message.type === 'callback') {
      const callback = callbacks.get(message.callbackId);
      if (callback) callback(message.payload);
    }
  });

  function send(name, payload) {
    const id = ++seq;
    let sent = payload;
    if (payload && typeof payload === 'object' && !Array.isArray(payload)) {
      sent = {};
      for (const key of Object.keys(payload)) {
        const value = payload[key];
        if (typeof value === 'function') {
          const callbackId = frameId + ':' + id + ':' + key;
          callbacks.set(callbackId, value);
          sent[key] = { __callback: callbackId };
        } else sent[key] = value;
      }
    }
    return new Promise(function (resolve, reject) {
      pending.set(id, { resolve: resolve, reject: reject });
      post({ type: 'call', id: id, name: name, payload: sent });
    });
  }

  window.__bridge = {
    callBridge: function callBridge(name, payload) {
      if (name === 'on') {
        // A subscription object cannot cross postMessage: the unsubscribe lives here.
        return send('on', payload).then(function (subscriptionId) {
          return { unsubscribe: function () { return send('off', { subscriptionId: subscriptionId }); } };
        });
      }
      return send(name, payload);
    },
  };

  // Size the frame to its content: the body's height, and any popup (a select menu, a calendar) that hangs below it.
  let last = -1;
  function report() {
    if (!document.body) return;
    let height = document.body.getBoundingClientRect().height;
    const popups = document.querySelectorAll('.atlaskit-portal-container [data-popper-placement], .atlaskit-portal-container [role="listbox"], .atlaskit-portal-container [role="dialog"]');
    for (let i = 0; i < popups.length && i < 50; i++) height = Math.max(height, popups[i].getBoundingClientRect().bottom + window.scrollY);
    height = Math.ceil(height);
    if (height === last) return;
    last = height;
    post({ type: 'size', height: height });
  }
  const observer = new ResizeObserver(report);
  function watch() {
    observer.observe(document.body);
    new MutationObserver(report).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class', 'hidden'] });
    report();
  }
  if (document.body) watch();
  else document.addEventListener('DOMContentLoaded', watch);

  // Escape in a dialog frame closes the dialog (the host cannot see keys pressed inside a frame).
  window.addEventListener('keydown', function onKey(event) {
    if (event.key === 'Escape' && !event.defaultPrevented) post({ type: 'escape' });
  });
})();
