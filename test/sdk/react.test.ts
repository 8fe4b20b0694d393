import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HeraldChat, HeraldProvider } from '../../sdk/src/react.js';

describe('React binding', () => {
  it('renders <HeraldChat> on the server with an input and a disabled send button until a client exists', () => {
    const html = renderToString(h(HeraldProvider, { client: null }, h(HeraldChat, { sessionId: 'ses_1', placeholder: 'Ask us' })));
    expect(html).toContain('class="herald-chat"');
    expect(html).toContain('placeholder="Ask us"');
    expect(html).toMatch(/<button[^>]*disabled/);
  });
});
