import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EMAIL_TEMPLATES,
  EMAIL_KINDS,
  MERGE_FIELDS,
  renderDigest,
  renderTemplate,
  validateTemplate,
  type EmailTemplate,
  type MergeValues,
} from './email-templates.js';

const values: MergeValues = {
  recipient_name: 'Ada',
  sender_name: 'Grace',
  sender_profile_image: 'https://cdn.example.com/grace.png',
  message: 'Hello <b>there</b>\nsecond line',
  attachments: 'invoice.pdf',
  conversation_link: 'https://herald.example.com/c/conv_1',
  conversation_id: 'conv_1',
};

const all: EmailTemplate = {
  subject: MERGE_FIELDS.map((f) => `{${f}}`).join('|'),
  text: MERGE_FIELDS.map((f) => `{${f}}`).join('|'),
  html: MERGE_FIELDS.map((f) => `{${f}}`).join('|'),
};

describe('validateTemplate', () => {
  it('accepts every built-in template and every documented merge field', () => {
    for (const kind of EMAIL_KINDS) expect(validateTemplate(DEFAULT_EMAIL_TEMPLATES[kind])).toEqual([]);
    expect(validateTemplate(all)).toEqual([]);
  });

  it('names each unknown field once, across all parts, as written', () => {
    const unknown = validateTemplate({
      subject: 'Hi {first_name}',
      text: '{message} {foo} {foo}',
      html: '<p>{Message}</p><p>{recipient_name}</p>',
    });
    expect(unknown).toEqual(['{Message}', '{first_name}', '{foo}']);
  });

  it('does not mistake CSS or other braces for fields', () => {
    const html = '<style>p { margin: 0 } .a{color:red}</style><p>{ message } {} {1x}</p>';
    expect(validateTemplate({ html })).toEqual([]);
  });

  it('checks only the parts given (PATCH-style partial templates)', () => {
    expect(validateTemplate({ subject: '{nope}' })).toEqual(['{nope}']);
    expect(validateTemplate({})).toEqual([]);
  });
});

describe('renderTemplate', () => {
  it('escapes a <script> in the HTML part and keeps it raw in the text part', () => {
    const message = '<script>alert("x")</script> & \'quotes\'';
    const out = renderTemplate({ subject: '{message}', text: '{message}', html: '<p>{message}</p>' }, { message });
    expect(out.html).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>');
    expect(out.html).not.toContain('<script>');
    expect(out.text).toBe(message);
    expect(out.subject).toBe(message);
  });

  it('turns newlines of values into <br> in HTML only, leaving the template markup alone', () => {
    const out = renderTemplate(
      { subject: 'From {sender_name}', text: 'A\n{message}', html: '<div>\n{message}</div>' },
      { ...values, message: 'one\r\ntwo\nthree\rfour' },
    );
    expect(out.html).toBe('<div>\none<br>two<br>three<br>four</div>');
    expect(out.text).toBe('A\none\r\ntwo\nthree\rfour');
  });

  it('keeps the subject on one line, without markup, and capped', () => {
    const out = renderTemplate(
      { subject: 'New message from {sender_name}: {message}', text: '', html: '' },
      { sender_name: 'Eve\r\nBcc: victim@example.com', message: 'x'.repeat(500) },
    );
    expect(out.subject).not.toMatch(/[\r\n]/);
    expect(out.subject.startsWith('New message from Eve Bcc: victim@example.com: xxx')).toBe(true);
    expect(out.subject.length).toBeLessThanOrEqual(200);
    expect(out.subject.endsWith('…')).toBe(true);
  });

  it('fills every merge field and renders missing values as empty', () => {
    const out = renderTemplate(all, values);
    expect(out.text).toBe(MERGE_FIELDS.map((f) => values[f]).join('|'));
    expect(renderTemplate(all, {}).text).toBe('||||||');
  });

  it('escapes values placed in attributes so they cannot break out', () => {
    const out = renderTemplate(
      { subject: '', text: '', html: '<a href="{conversation_link}"><img src="{sender_profile_image}"></a>' },
      { conversation_link: 'https://x.example/"onmouseover="alert(1)', sender_profile_image: "a' onerror='b" },
    );
    expect(out.html).toBe('<a href="https://x.example/&quot;onmouseover=&quot;alert(1)"><img src="a&#39; onerror=&#39;b"></a>');
  });

  it('never expands a field name that appears inside a value, and leaves unknown fields as written', () => {
    const out = renderTemplate(
      { subject: '', text: '{message} {conversation_id} {foo}', html: '{message}' },
      { message: 'see {conversation_id}', conversation_id: 'conv_9' },
    );
    expect(out.text).toBe('see {conversation_id} conv_9 {foo}');
    expect(out.html).toBe('see {conversation_id}');
  });

  it('the built-in templates render a complete mail for each kind', () => {
    for (const kind of ['operator_new_conversation', 'operator_new_message', 'customer_operator_reply'] as const) {
      const out = renderTemplate(DEFAULT_EMAIL_TEMPLATES[kind], { ...values, message: '<script>x</script>\nbye' });
      expect(out.subject).toContain('Grace');
      expect(out.subject).not.toMatch(/[{}]/);
      expect(out.text).toContain('<script>x</script>\nbye');
      expect(out.text).toContain('https://herald.example.com/c/conv_1');
      expect(out.html).toContain('&lt;script&gt;x&lt;/script&gt;<br>bye');
      expect(out.html).toContain('href="https://herald.example.com/c/conv_1"');
      expect(out.html).not.toMatch(/\{[a-z_]+\}/);
    }
  });
});

describe('renderDigest', () => {
  const messages = [
    { sender: 'Ada', time: Date.UTC(2025, 0, 2, 14, 5), text: 'Where is my order?' },
    { sender: 'Grace <ops>', time: '2025-01-02T14:07:00Z', text: 'Shipped today.\n<script>x</script>' },
  ];

  it('lists each message with sender, time and text, escaped in HTML, raw in text, in order', () => {
    const out = renderDigest(DEFAULT_EMAIL_TEMPLATES.digest, {
      recipient_name: 'Ada',
      conversation_link: 'https://h.example/c/1',
      messages,
    });
    expect(validateTemplate(DEFAULT_EMAIL_TEMPLATES.digest)).toEqual([]);
    expect(out.text).toContain('Ada · Jan 2, 2025');
    expect(out.text).toContain('Grace <ops> · Jan 2, 2025');
    expect(out.text).toContain('  Shipped today.\n  <script>x</script>');
    expect(out.text.indexOf('Where is my order?')).toBeLessThan(out.text.indexOf('Shipped today.'));

    expect(out.html).toContain('<b>Grace &lt;ops&gt;</b>');
    expect(out.html).toContain('Shipped today.<br>&lt;script&gt;x&lt;/script&gt;');
    expect(out.html).not.toContain('<script>');
    expect(out.html.match(/<tr>/g)).toHaveLength(2);
    expect(out.html).toContain('href="https://h.example/c/1"');
  });

  it("shows times in the recipient's time zone", () => {
    const tpl = { subject: 'Digest', text: '{message}', html: '{message}' };
    const utc = renderDigest(tpl, { messages: [messages[0]!] });
    const tokyo = renderDigest(tpl, { messages: [messages[0]!] }, { timeZone: 'Asia/Tokyo' });
    expect(utc.text).toMatch(/2:05/);
    expect(tokyo.text).toMatch(/11:05/);
  });

  it('an empty digest renders an empty list, not an error', () => {
    const out = renderDigest(DEFAULT_EMAIL_TEMPLATES.digest, { messages: [] });
    expect(out.html).toContain('<table');
    expect(out.html).not.toContain('<tr>');
  });
});
