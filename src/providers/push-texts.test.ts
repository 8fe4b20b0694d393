import { describe, expect, it } from 'vitest';
import { pickLanguage, pushTexts, truncatePreview } from './push-texts.js';

describe('pushTexts', () => {
  it('gives the contract texts for a chat message in en and ru', () => {
    expect(pushTexts('chat', { locale: 'en-US' })).toEqual({
      title: 'Support',
      body: 'New message from operator',
      language: 'en',
    });
    expect(pushTexts('chat', { locale: 'ru-RU' })).toEqual({
      title: 'Поддержка',
      body: 'Новое сообщение от оператора',
      language: 'ru',
    });
  });

  it('has ticket update and resolved (CSAT) texts', () => {
    expect(pushTexts('ticket_updated', { locale: 'en' }).body).toBe('Your ticket was updated');
    expect(pushTexts('ticket_updated', { locale: 'ru' }).body).toBe('Ваше обращение обновлено');
    expect(pushTexts('ticket_resolved', { locale: 'en' }).body).toMatch(/resolved.*rate/);
    expect(pushTexts('ticket_resolved', { locale: 'ru' }).body).toMatch(/решено.*Оцените/);
  });

  it('picks the language from the primary subtag and falls back to en', () => {
    expect(pickLanguage('ru-RU')).toBe('ru');
    expect(pickLanguage('RU')).toBe('ru');
    expect(pickLanguage('ru_UA')).toBe('ru');
    expect(pickLanguage('uk-UA')).toBe('en');
    expect(pickLanguage('de')).toBe('en');
    expect(pickLanguage('')).toBe('en');
    expect(pickLanguage(undefined)).toBe('en');
    expect(pickLanguage(null)).toBe('en');
    expect(pushTexts('chat').title).toBe('Support');
  });

  it('uses the preview as the body, truncated to 120 characters', () => {
    expect(pushTexts('chat', { locale: 'ru', preview: 'Здравствуйте!\n  Чем помочь?' })).toEqual({
      title: 'Поддержка',
      body: 'Здравствуйте! Чем помочь?',
      language: 'ru',
    });
    const long = 'a'.repeat(300);
    const body = pushTexts('chat', { preview: long }).body;
    expect(Array.from(body)).toHaveLength(120);
    expect(body.endsWith('…')).toBe(true);
    expect(pushTexts('chat', { preview: 'b'.repeat(120) }).body).toBe('b'.repeat(120));
  });

  it('ignores a blank preview and never splits an emoji', () => {
    expect(pushTexts('chat', { preview: '   \n ' }).body).toBe('New message from operator');
    const emoji = '😀'.repeat(130);
    const cut = truncatePreview(emoji);
    expect(Array.from(cut)).toHaveLength(120);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
