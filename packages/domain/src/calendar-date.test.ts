import { describe, expect, it } from 'vitest';
import { isCalendarDate } from './calendar-date.js';

describe('isCalendarDate', () => {
  it('accepts days that exist, leap days included', () => {
    for (const day of ['2022-01-01', '2022-12-31', '2024-02-29', '2000-02-29', '2023-04-30']) expect(isCalendarDate(day), day).toBe(true);
  });

  it('refuses months and days that do not exist, and other shapes', () => {
    for (const day of ['2022-13-01', '2022-00-10', '2023-02-29', '1900-02-29', '2023-04-31', '2023-01-00', '2023-1-01', '20230101', '2023-01-01T00:00Z', ''])
      expect(isCalendarDate(day), day).toBe(false);
  });
});
