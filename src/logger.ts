import pino, { type Logger } from 'pino';

// Every place a credential can appear in a log line: request headers, bodies and config.
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'req.headers["x-hub-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.apiKey',
  '*.secret',
  '*.signingSecret',
  '*.token',
  '*.authToken',
  '*.privateKey',
  'headers[*].value',
  '*.headers[*].value',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
