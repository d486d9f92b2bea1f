// An example host page for Tafel's embedding API (README, Embedding). It frames Tafel, listens only
// to messages from Tafel's origin and from that frame, sizes the frame to Tafel's content, and sends
// navigation, filters, language, theme and a token. No inline script: it runs under a strict CSP too.

const params = new URLSearchParams(location.search);
const tafelUrl = new URL(params.get('tafel') ?? 'http://127.0.0.1:8080/', location.href);
const tafelOrigin = tafelUrl.origin;
const frame = document.getElementById('tafel');
const log = document.getElementById('log');
const selection = document.getElementById('selection');

/** Sends a message to Tafel, to its origin only (never '*': the frame may have navigated away). */
function send(message) {
  frame.contentWindow.postMessage(message, tafelOrigin);
}

window.addEventListener('message', (event) => {
  if (event.origin !== tafelOrigin || event.source !== frame.contentWindow) return;
  const message = event.data;
  if (typeof message?.type !== 'string' || !message.type.startsWith('tafel:')) return;
  const item = document.createElement('li');
  item.dataset.type = message.type;
  item.textContent = JSON.stringify(message);
  log.append(item);
  switch (message.type) {
    case 'tafel:ready':
      document.body.dataset.tafelReady = message.needsToken ? 'needs-token' : 'yes';
      break;
    case 'tafel:resize': {
      // Grow with Tafel's content, up to most of this window; Tafel scrolls inside beyond that.
      const height = Math.min(message.height, Math.round(window.innerHeight * 0.9));
      frame.style.height = `${Math.max(height, 240)}px`;
      break;
    }
    case 'tafel:selection':
      selection.textContent = message.workPackages.length ? `#${message.workPackages.join(', #')}` : 'none';
      break;
    default:
      break;
  }
});

function onSubmit(id, build) {
  document.getElementById(id).addEventListener('submit', (event) => {
    event.preventDefault();
    const message = build(new FormData(event.target));
    if (message) send(message);
  });
}

onSubmit('navigate', (form) => ({
  type: 'tafel:navigate',
  project: form.get('project') || undefined,
  view: form.get('view'),
  workPackage: form.get('workPackage') ? Number(form.get('workPackage')) : undefined,
}));
onSubmit('filters', (form) => {
  const filters = {};
  if (form.get('q')) filters.q = form.get('q');
  if (form.get('status')) filters.status = form.get('status');
  return { type: 'tafel:set-filters', filters };
});
onSubmit('looks', (form) => {
  send({ type: 'tafel:set-locale', locale: form.get('locale') });
  return { type: 'tafel:set-theme', theme: form.get('theme'), tokens: { 'color-primary': form.get('primary') } };
});
onSubmit('token', (form) => {
  const token = form.get('token');
  document.querySelector('#token input').value = '';
  return token ? { type: 'tafel:set-token', token, scheme: form.get('scheme') || 'apikey' } : null;
});

// Listening before the frame loads, so `tafel:ready` is never missed.
frame.src = tafelUrl.href;
