/**
 * Dates written as YYYY-MM-DD in files people prepare by hand (AEO registers, licences, list
 * editions). A pattern check alone lets `2022-13-01` or `2023-02-30` through, and JavaScript's Date
 * quietly rolls them over into another day, so the day must exist in the calendar.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `text` is YYYY-MM-DD and names a day that exists (leap years included). */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}
