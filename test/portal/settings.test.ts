/**
 * Settings: provider values (environment ones read-only), an editable value saved, the email
 * template editor with merge fields and preview, a test email through a local SMTP server, and
 * the channels page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpFake } from '../fakes/smtp-fake.js';
import { type PortalEnv, TEST_ADMIN, adminCookie, apiAs, menu, newPage, screenshot, signIn, startPortal } from './helpers.js';

describe('portal: settings', () => {
  let env: PortalEnv;
  const smtp = new SmtpFake();
  beforeAll(async () => {
    await Promise.all([smtp.start(), shopSmtp.start()]);
    env = await startPortal({
      env: {
        SMTP_URL: smtp.url(),
        SMTP_FROM: 'Herald <herald@example.test>',
        TELEGRAM_BOT_TOKEN: '123456:test-token',
        TELEGRAM_BOT_USERNAME: 'herald_test_bot',
        // Nothing in this test talks to Telegram; a dead loopback port makes sure of it.
        TELEGRAM_API_BASE: 'http://127.0.0.1:9',
      },
    });
  });
  const shopSmtp = new SmtpFake({ auth: { user: 'shop', pass: 'shop-relay-pass' } });
  afterAll(async () => {
    await env?.close();
    await smtp.close();
    await shopSmtp.close();
  });

  it('shows provider settings, edits a template with preview, sends a test email, lists channels', async () => {
    const { url, browser } = env;
    const { context, page } = await newPage(browser);
    await signIn(page, url, TEST_ADMIN.email, TEST_ADMIN.password);
    await menu(page).getByText('Settings').click();
    await menu(page).getByRole('link', { name: 'Notifications' }).click();
    await page.getByRole('heading', { name: 'Notifications', exact: true }).waitFor();

    // A value from the environment is shown, read-only.
    const telegram = page.locator('[data-provider="telegram"]');
    const username = telegram.getByRole('textbox', { name: 'Bot username' });
    expect(await username.inputValue()).toBe('herald_test_bot');
    expect(await username.getAttribute('readonly')).not.toBeNull();
    await telegram.getByText('Set by the environment (TELEGRAM_BOT_USERNAME); read-only here.').waitFor();

    // A value entered here is stored.
    const onesignal = page.locator('[data-provider="onesignal"]');
    await onesignal.getByRole('textbox', { name: 'App ID' }).fill('app-from-portal');
    await onesignal.getByRole('button', { name: 'Save' }).click();
    await page.getByText('OneSignal settings saved.').waitFor();
    const providers = await apiAs(context, url, 'GET', '/api/settings/providers');
    const appId = providers.body.items.find((p: any) => p.name === 'onesignal').fields.find((f: any) => f.key === 'appId');
    expect(appId.value).toBe('app-from-portal');

    // Template editor: merge fields listed, preview renders them with sample values.
    const templates = page.getByTestId('email-templates');
    await templates.getByText('{recipient_name}', { exact: true }).waitFor();
    await templates.getByRole('textbox', { name: 'Subject' }).fill('Hello {recipient_name}, a new message');
    await templates.getByRole('button', { name: 'Preview' }).click();
    await templates.getByTestId('email-preview').getByText('Hello Alex, a new message').waitFor();
    await templates.frameLocator('iframe[title="HTML preview"]').getByText('Jamie Doe').first().waitFor();
    await templates.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Template saved.').waitFor();
    await templates.getByRole('button', { name: 'Reset to default' }).waitFor();
    await screenshot(page, 'settings-notifications');

    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByText('Test email sent to admin@example.test.').waitFor();
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.envelope.to).toContain(TEST_ADMIN.email);

    await menu(page).getByRole('link', { name: 'Channels' }).click();
    await page.getByText('Mobile push notifications are configured on each agent').waitFor();
    await page.locator('[data-channel="Telegram"]').getByText('Bot @herald_test_bot').waitFor();
    await page.locator('[data-channel="Email"]').getByText('Connected').waitFor();
    await screenshot(page, 'settings-channels');
    await context.close();
  });

  it("sets a workspace's own email relay on its Notifications page and sends its test email through it", async () => {
    const { url, browser, herald } = env;
    const cookie = await adminCookie(url);
    const shop = (await herald.api('POST', '/api/workspaces', { name: 'Corner Shop' }, { authorization: '', cookie })).body.id as string;

    const { context, page } = await newPage(browser);
    await signIn(page, url, TEST_ADMIN.email, TEST_ADMIN.password);
    await page.goto(`${url}/?workspace=${shop}`);
    await menu(page).getByText('Settings').click();
    await menu(page).getByRole('link', { name: 'Notifications' }).click();
    const relay = page.locator('[data-provider="smtp"]');
    // The environment's relay is default's: this workspace starts with none of its own.
    await relay.getByText('Not configured').waitFor();
    await page.locator('[data-provider="twilio"]').getByRole('textbox', { name: 'Account SID' }).waitFor();
    // The environment is default's: no hint here that a variable could set it.
    expect(await relay.getByText('Or set SMTP_URL in the environment.').count()).toBe(0);
    await relay.getByLabel('Relay URL (smtp:// or smtps://, with user and password)').fill(shopSmtp.url());
    await relay.getByRole('textbox', { name: 'From address' }).fill('Corner Shop <help@corner.example.test>');
    await relay.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Email (SMTP) settings saved.').waitFor();
    await relay.getByText('Configured', { exact: true }).waitFor();
    await screenshot(page, 'settings-workspace-relay');

    const before = smtp.messages.length;
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByText('Test email sent to admin@example.test.').waitFor();
    const [mail] = await shopSmtp.waitForMessages(1);
    expect(mail!.envelope.to).toContain(TEST_ADMIN.email);
    expect(mail!.parsed.from?.value[0]).toMatchObject({ name: 'Corner Shop', address: 'help@corner.example.test' });
    // Sent once, through the shop's relay only.
    expect(smtp.messages.length).toBe(before);
    await context.close();
  });
});
