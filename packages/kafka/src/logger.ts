/**
 * The slice of a pino-style logger this package needs, so callers pass their pino child logger
 * and this package does not depend on pino.
 */
export interface KafkaLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Used when no logger is given: warnings and errors still reach stderr (a skipped invalid message
 * must never vanish silently), routine chatter does not.
 */
export const stderrLogger: KafkaLogger = {
  debug: () => {},
  info: () => {},
  warn: (obj, msg) => console.error(JSON.stringify({ level: 'warn', msg, ...serialisable(obj) })),
  error: (obj, msg) => console.error(JSON.stringify({ level: 'error', msg, ...serialisable(obj) })),
};

function serialisable(obj: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = v instanceof Error ? { name: v.name, message: v.message } : v;
  return out;
}
