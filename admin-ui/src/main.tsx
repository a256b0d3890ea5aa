import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The shell's styles first, so that each area's own stylesheet (imported by its pages) wins ties.
import './styles.css';
import { App } from './app';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
