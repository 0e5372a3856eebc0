/**
 * Stable error codes for everything that can go wrong at the Kafka boundary. Callers branch on
 * `code`, never on message text (the HTTP edge maps codes to statuses in one place).
 */
export type KafkaErrorCode = 'KAFKA_UNAVAILABLE' | 'KAFKA_MESSAGE_INVALID' | 'KAFKA_DELIVERY_FAILED';

export class KafkaError extends Error {
  constructor(
    readonly code: KafkaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The broker cannot be reached, or the client is not started / already stopped. */
export class KafkaUnavailableError extends KafkaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('KAFKA_UNAVAILABLE', message, options);
  }
}

/** A message does not match its topic's schema (on publish: a bug in the caller). */
export class KafkaMessageInvalidError extends KafkaError {
  constructor(
    readonly topic: string,
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super('KAFKA_MESSAGE_INVALID', `invalid message for ${topic}: ${issues.join('; ')}`, options);
  }
}

/** The broker did not acknowledge a message (delivery report carried an error, or it never came). */
export class KafkaDeliveryError extends KafkaError {
  constructor(
    readonly topic: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('KAFKA_DELIVERY_FAILED', `delivery to ${topic} failed: ${message}`, options);
  }
}
