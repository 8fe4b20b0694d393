import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

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

export type LogFormat = 'pretty' | 'json';

/**
 * JSON lines for machines (containers, log shippers); `pretty` for a person at a terminal: one
 * coloured line per entry. pino-pretty runs as a stream in this thread so that lines written
 * just before an exit are not lost in a worker's buffer.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, format: LogFormat = 'json'): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (format === 'pretty') {
    const stream = pretty({
      destination: destination ?? 1,
      colorize: destination === undefined && Boolean(process.stdout.isTTY),
      translateTime: 'SYS:HH:MM:ss.l',
      // The request fields are already in the message ("GET /api/health 200 1.2 ms").
      ignore: 'pid,hostname,reqId,method,route,status,ms',
      singleLine: true,
      sync: true,
    });
    return pino(options, stream);
  }
  return pino(options, destination);
}
