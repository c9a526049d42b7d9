// The gate's web pages in one bundle: the server writes the same shell for every page and the path picks the page
// (<base>/t/<tenant>/status, /builds, /build/<uuid>, /buildset/<uuid>, /stream/<uuid>).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { PageContext } from './api.js';
import { BuildPage } from './build-page.js';
import { BuildsPage } from './builds-page.js';
import { BuildsetPage } from './buildset-page.js';
import { ConsolePage } from './console-page.js';
import { StatusPage } from './status-page.js';
import styles from './styles.css';

function App({ ctx }: { ctx: PageContext }) {
  const prefix = `${ctx.base}/t/${encodeURIComponent(ctx.tenant)}/`;
  const rest = decodeURIComponent(location.pathname.startsWith(prefix) ? location.pathname.slice(prefix.length) : '');
  const [page, ...args] = rest.split('/').filter(Boolean);
  const arg = args.join('/');
  return (
    <>
      <nav className="topbar">
        <span className="brand">nubo gate</span>
        <a href={`${prefix}status`}>Status</a>
        <a href={`${prefix}builds`}>Builds</a>
        <span className="tenant-name">{ctx.tenant}</span>
      </nav>
      {page === 'build' && arg ? (
        <BuildPage ctx={ctx} uuid={arg} />
      ) : page === 'buildset' && arg ? (
        <BuildsetPage ctx={ctx} uuid={arg} />
      ) : page === 'stream' && arg ? (
        <ConsolePage ctx={ctx} uuid={arg} />
      ) : page === 'builds' ? (
        <BuildsPage ctx={ctx} />
      ) : (
        <StatusPage ctx={ctx} />
      )}
    </>
  );
}

const root = document.getElementById('root');
if (root) {
  const style = document.createElement('style');
  style.textContent = styles;
  document.head.append(style);
  const ctx: PageContext = {
    base: root.dataset.base ?? '/zuul',
    tenant: root.dataset.tenant ?? '',
    pollMs: Number(root.dataset.pollMs ?? 5000),
  };
  createRoot(root).render(
    <StrictMode>
      <App ctx={ctx} />
    </StrictMode>,
  );
}
