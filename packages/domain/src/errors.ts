/**
 * Errors carry a stable code; the HTTP edge maps codes to status in one place. Messages are for
 * people; codes are for programs and never change meaning.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
